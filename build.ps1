#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Convenience driver for Recrypt: setup, build, test, run, bench, compare, dudect, package, check, generate.

.DESCRIPTION
    `dotnet build Recrypt.sln` is the real build (it also builds the native library); this script
    strings the usual steps together and makes a fresh machine ready. Tasks run in the order given.

      setup     Install what a fresh machine lacks (idempotent): Debian's packaged Rust crates and
                cbindgen, chromium for the browser tests, postgresql for the PostgreSQL provider's tests and
                nginx-light for the scale-out tests (apt-get, only when missing), the local .NET tools,
                and the npm packages of tests/interop-peer when it has a package.json.
      build     Native library (cargo) and the whole solution.
      test      setup, then every test suite: cargo test (the crate and the bindings generator; it also
                replays the fuzz corpus and regressions), ct, then dotnet test. The generated header and C#
                bindings are compared with their sources there.
      run       Build the service only when a source changed since the last `run` (saying what it builds),
                then start it on http://127.0.0.1:5080 with the database ./data/recrypt.db. No npm, no
                tool restore; the Debian packages are checked only when cargo may have to build.
      bench     cargo bench, then the BenchmarkDotNet suites (every operation on both engines).
      compare   The BenchmarkDotNet suites with a short job, then the native-vs-managed comparison:
                artifacts/benchmarks/compare.md, compare.csv (operation, native median, managed median,
                ratio) and compare.svg (a chart of the ratios). On Linux the benchmarks measure the
                benchmark thread's CPU time (--cpu-clock), so that a shared machine's load does not
                land on one engine's run more than on the other's.
      dudect    A dudect-style leakage test of the managed engine (fixed-vs-random private keys,
                Welch's t-test) over decrypt, compute public key, transform key generation and Schnorr
                signing. Slow and noisy: not part of test. -Measurements sets the count per operation.
      bench480  BenchmarkDotNet's short job, in process, over Api480Benchmarks: every Api480 operation
                (native; managed once it implements Api480), medians in artifacts/benchmarks/api480.
      bench-rotation
                Start the service on a free loopback port with a temporary database and time key rotations
                (1,000 document keys, 10 grantees, 3 runs) through Recrypt.Client against it.
      package   Pack the bindings (NuGet, with the native library) and Recrypt.Client into
                artifacts/packages and run samples/Recrypt.Sample against that package.
      check     Formatting and lints (rustfmt, clippy, dotnet format), then regenerate every generated
                file and fail if it differs from the committed copy.
      httpfuzz  HTTP fuzzing of the service from its OpenAPI document, for long runs: -Requests N
                random malformed requests (default 100000; -Seed S to repeat a run), asserting no 5xx,
                an answer to every request, health, and stored data unchanged unless a write was valid.
                Prints the requests sent by kind (also in artifacts/httpfuzz/report.md). The test
                command runs a short form (a sweep of every mutation of every route, and 1500 random).
      generate  Regenerate the generated files: the C header native/include/recrypt_ffi.h (cbindgen), the
                C# P/Invoke layer bindings/Recrypt/Interop/NativeMethods.g.cs (native/bindgen) and the
                service's OpenAPI document service/Recrypt.Service/openapi.json (its build).
      fuzz      libFuzzer over every C ABI entry point (native/fuzz/harness.c) for -Minutes N (default 1),
                on a SanitizerCoverage build of the crate, as two fuzzers side by side (the light targets,
                which end before any pairing, and the heavy ones); prints executions, coverage and crashes. A crash
                input is copied to native/fuzz/regressions/ (replayed by `cargo test`) and fails the task.
      ct        The constant-time check: native/ct/ct.c runs every secret-touching operation of both
                curves under valgrind memcheck with the secrets (and the library's random draws) marked
                undefined. Any use of a secret as an address fails; a branch on one fails unless
                native/ct/ct.supp explains it.
      stress    The storage stress test at full size: every write route at -Clients concurrent signed
                clients (default 8,16,32,64,128) until -Documents document keys (default 60000) are stored,
                then every acknowledged write read back, the file compared and checked (issue 18).
      crashtest The crash-durability test, long form: -Rounds SIGKILLs under load (default 50), every
                acknowledged write checked after each restart (docs/reliability.md).
      scaleout  A throwaway PostgreSQL cluster, -Instances service processes over it (default 2) and nginx
                round-robin in front of one, then all of them; the load generator runs grantee fetches,
                owner fetches and uploads through nginx each time at -Clients (-Duration s per point).
      loadtest  The load benchmark: -Instances service processes (default 1) on -Provider LiteDB|PostgreSQL
                (a temporary file, or a throwaway cluster), behind nginx when there are several; grantee
                fetches, owner fetches, grants and document posts at -Clients (default 1,2,4,8,16,32),
                -Duration s per point, after a warm-up that lasts until the instances' JIT is quiet (their
                /metrics). Prints requests/s, p50/p90/p99, errors (any fails it), the service's
                CPU ms per request and the responses it checked by decrypting them, and the best grantee-fetch
                point as a share of one core's in-process transform rate (measured on the service's core right
                before and right after each grantee-fetch point). -Pin: the service(s) alone on
                core 1, the generator, PostgreSQL and nginx on core 0 (taskset), all at nice -20 as root. -Balancer: nginx in front
                of a single instance too (to compare one instance with several on equal terms). -Spread: instance i on
                core i (mod the cores; taskset, same priority as the rest), the way several instances share a machine.
                -Scenarios: a subset of grantee-fetches,owner-fetches,grants,uploads.

    Where /usr/share/cargo/registry exists, cargo is pointed at Debian's packaged crates with
    `--config native/debian-offline.toml`; elsewhere cargo uses its own configuration.

.EXAMPLE
    dotnet tool restore && dotnet pwsh -NoProfile -File ./build.ps1 test

.EXAMPLE
    dotnet pwsh -NoProfile -File ./build.ps1 setup build -Configuration Debug
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0, ValueFromRemainingArguments)]
    [ValidateSet('setup', 'build', 'test', 'run', 'bench', 'bench480', 'bench-rotation', 'compare', 'dudect', 'package', 'check', 'generate', 'fuzz', 'ct', 'httpfuzz', 'stress', 'crashtest', 'scaleout', 'loadtest')]
    [string[]] $Task = @('test'),

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # fuzz: how long libFuzzer runs, in minutes.
    [ValidateRange(0.05, 100000)]
    [double] $Minutes = 1,

    # dudect: measurements per operation.
    [int] $Measurements = 2000,

    # httpfuzz: how many random requests, and the seed (0: a new one, printed).
    [int] $Requests = 100000,
    [int] $Seed = 0,

    # stress: document keys to store in total, and the concurrency levels (comma-separated).
    [ValidateRange(1, [long]::MaxValue)]
    [long] $Documents = 60000,
    [ValidatePattern('^\d+(,\d+)*$')]
    [string] $Clients = '8,16,32,64,128',

    # crashtest: how many times the service is killed under load.
    [ValidateRange(1, 100000)]
    [int] $Rounds = 50,

    # scaleout: how many service instances over one PostgreSQL database, and seconds per measured point
    # (its concurrency levels are -Clients).
    [ValidateRange(1, 64)]
    [int] $Instances = 2,
    [ValidateRange(1, 3600)]
    [int] $Duration = 10,

    # loadtest: the storage provider of the instances, -Pin to run the service(s) alone on core 1 and everything
    # else (the load generator, PostgreSQL, nginx) on core 0, -Balancer to put nginx in front of a single
    # instance too, -Spread to give instance i core i (mod the cores) the way several instances share a machine,
    # and the scenarios to run (its concurrency levels are -Clients, default 1,2,4,8,16,32 for it).
    [ValidateSet('LiteDB', 'PostgreSQL')]
    [string] $Provider = 'LiteDB',
    [switch] $Pin,
    [switch] $Balancer,
    [switch] $Spread,
    [ValidatePattern('^(grantee-fetches|owner-fetches|grants|uploads)(,(grantee-fetches|owner-fetches|grants|uploads))*$')]
    [string] $Scenarios = 'grantee-fetches,owner-fetches,grants,uploads'
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
# Tasks whose defaults differ from the shared parameters' (loadtest: 1 instance, clients 1..32) see whether they were given.
$ClientsGiven = $PSBoundParameters.ContainsKey('Clients')
$InstancesGiven = $PSBoundParameters.ContainsKey('Instances')
# Native commands are checked explicitly by Invoke-Native, which names the step that failed.
$PSNativeCommandUseErrorActionPreference = $false

$RepoRoot = $PSScriptRoot
$NativeDir = Join-Path $RepoRoot 'native'
$Solution = Join-Path $RepoRoot 'Recrypt.sln'
$ServiceProject = Join-Path $RepoRoot 'service/Recrypt.Service'
$BenchmarksProject = Join-Path $RepoRoot 'benchmarks/Recrypt.Benchmarks'
$ServiceTestsProject = Join-Path $RepoRoot 'tests/Recrypt.Service.Tests'
$InteropPeerDir = Join-Path $RepoRoot 'tests/interop-peer'
$DebianCargoRegistry = '/usr/share/cargo/registry'
$ServiceUrl = 'http://127.0.0.1:5080'
# The one default database of every documented way to start the service (README, docs/service.md).
$DefaultDatabasePath = 'data/recrypt.db'

# Files written by Update-GeneratedFiles, relative to the repository root, and the Rust module
# (relative to native/) the C header is generated from.
$GeneratedFiles = @(
    'native/include/recrypt_ffi.h',
    'bindings/Recrypt/Interop/NativeMethods.g.cs',
    'service/Recrypt.Service/openapi.json'
)
$CbindgenInput = 'src/ffi/mod.rs'

# Debian packages the native crate builds from (its dependencies, their features, the dev-dependencies)
# plus cbindgen.
$DebianPackages = @(
    'cbindgen'
    'librust-sha2-dev', 'librust-digest-dev'
    'librust-rand-dev', 'librust-rand-core-dev', 'librust-rand-core+getrandom-dev', 'librust-rand-chacha-dev'
    'librust-getrandom-dev', 'librust-zeroize-dev', 'librust-zeroize-derive-dev', 'librust-subtle-dev'
    'librust-ring-dev', 'librust-hex-dev', 'librust-libc-dev', 'librust-cfg-if-dev'
    'librust-syn-dev', 'librust-quote-dev', 'librust-proc-macro2-dev'
    'librust-serde-dev', 'librust-serde-json-dev', 'librust-serde+derive-dev'
    'librust-proptest-dev', 'librust-proptest+default-dev', 'librust-criterion-dev'
    # fuzz (libFuzzer and its runtime) and ct (valgrind and memcheck.h)
    'clang-14', 'libclang-rt-14-dev', 'valgrind'
)

# Debian packages only the tests need: the browser the tests in tests/Recrypt.Browser.Tests drive,
# PostgreSQL's server binaries, from which the service tests start a throwaway cluster of their own, and nginx,
# the load balancer the scale-out tests start in front of two instances (issue 17).
$DebianTestPackages = @('chromium', 'postgresql', 'nginx-light')

$script:SetupDone = $false

# --- helpers -------------------------------------------------------------------------------------

function Write-Step {
    param([Parameter(Mandatory)] [string] $Message)
    Write-Host "==> $Message" -ForegroundColor Cyan
}

# Runs a script block that calls one native command and throws when it exits non-zero.
function Invoke-Native {
    param(
        [Parameter(Mandatory, Position = 0)] [string] $Description,
        [Parameter(Mandatory, Position = 1)] [scriptblock] $Command
    )
    Write-Step $Description
    $global:LASTEXITCODE = 0
    & $Command
    if ($LASTEXITCODE -ne 0) {
        throw "$Description failed: exit code $LASTEXITCODE"
    }
}

function Assert-Command {
    param([Parameter(Mandatory)] [string] $Name, [Parameter(Mandatory)] [string] $Hint)
    if (-not (Get-Command $Name -CommandType Application -ErrorAction SilentlyContinue)) {
        throw "'$Name' was not found on PATH. $Hint"
    }
}

# Arguments that point cargo at Debian's packaged crates, when they are installed.
function Get-CargoConfigArgs {
    if (Test-Path -LiteralPath $DebianCargoRegistry -PathType Container) {
        return @('--config', (Join-Path $NativeDir 'debian-offline.toml'))
    }
    return @()
}

# Runs `cargo <Arguments>` in native/, with the Debian configuration when it applies.
function Invoke-Cargo {
    param(
        [Parameter(Mandatory, Position = 0)] [string] $Description,
        [Parameter(Mandatory, Position = 1)] [string[]] $Arguments
    )
    Assert-Command 'cargo' 'Install Rust (cargo) first.'
    # The configuration goes after the subcommand: external subcommands (clippy) pass their own
    # arguments on to the cargo they run, but not cargo's global options.
    $cargoArgs = @($Arguments[0]) + @(Get-CargoConfigArgs) + @($Arguments | Select-Object -Skip 1)
    Push-Location $NativeDir
    try {
        Invoke-Native $Description { cargo @cargoArgs }
    }
    finally {
        Pop-Location
    }
}

# --- setup ---------------------------------------------------------------------------------------

# The packages of $Packages that are not installed. Some names are virtual (Debian folds
# librust-serde+derive-dev into librust-serde+serde-derive-dev), so a name also counts as installed
# when an installed package provides it.
function Get-MissingDebianPackage {
    param([Parameter(Mandatory)] [string[]] $Packages)
    $installed = [System.Collections.Generic.HashSet[string]]::new()
    $lines = & dpkg-query -W '--showformat=${Status}\t${Package}\t${Provides}\n' 2>$null
    if ($LASTEXITCODE -ne 0) {
        throw "dpkg-query failed: exit code $LASTEXITCODE"
    }
    foreach ($line in $lines) {
        $status, $package, $provides = "$line".Split("`t")
        if ($status -ne 'install ok installed') {
            continue
        }
        [void] $installed.Add($package)
        foreach ($provided in "$provides".Split(',', [StringSplitOptions]::RemoveEmptyEntries)) {
            [void] $installed.Add(($provided.Trim() -split ' ')[0])
        }
    }
    $Packages | Where-Object { -not $installed.Contains($_) }
}

function Install-DebianPackages {
    param([string[]] $Packages = $DebianPackages)
    if (-not (Get-Command dpkg-query -CommandType Application -ErrorAction SilentlyContinue)) {
        Write-Warning "dpkg-query not found: not a Debian system, skipping the Debian packages. Cargo will use its own registry."
        return
    }
    $missing = @(Get-MissingDebianPackage -Packages $Packages)
    if ($missing.Count -eq 0) {
        Write-Step "Debian packages: all $($Packages.Count) present"
        return
    }

    $prefix = @()
    if ((& id -u) -ne '0') {
        if (-not (Get-Command sudo -CommandType Application -ErrorAction SilentlyContinue)) {
            throw "Missing Debian packages ($($missing -join ' ')) and not root, and sudo is not available. Install them as root."
        }
        $prefix = @('sudo')
    }
    $update = $prefix + @('apt-get', 'update')
    $install = $prefix + @('env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', 'install', '-y', '--no-install-recommends') + $missing
    Invoke-Native "apt-get update" { & $update[0] $update[1..($update.Count - 1)] }
    Invoke-Native "apt-get install $($missing -join ' ')" { & $install[0] $install[1..($install.Count - 1)] }
}

function Install-DotnetTools {
    Invoke-Native 'dotnet tool restore' { dotnet tool restore }
}

function Install-InteropPeerPackages {
    if (-not (Test-Path -LiteralPath (Join-Path $InteropPeerDir 'package.json'))) {
        return
    }
    Assert-Command 'npm' 'Install Node.js and npm first.'
    Push-Location $InteropPeerDir
    try {
        Invoke-Native 'npm ci (tests/interop-peer)' { npm ci --no-audit --no-fund }
    }
    finally {
        Pop-Location
    }
}

function Invoke-Setup {
    if ($script:SetupDone) {
        return
    }
    Install-DebianPackages -Packages ($DebianPackages + $DebianTestPackages)
    Install-DotnetTools
    Install-InteropPeerPackages
    $script:SetupDone = $true
}

# --- build, test, run, bench ---------------------------------------------------------------------

function Invoke-NativeBuild {
    Invoke-Cargo 'cargo build --release (native)' @('build', '--release')
}

function Invoke-DotnetBuild {
    Invoke-Native "dotnet build ($Configuration)" { dotnet build $Solution -c $Configuration }
}

function Invoke-Build {
    Invoke-NativeBuild
    Invoke-DotnetBuild
}

# Passes test output through and keeps the runners' summary lines: cargo's "test result: ok. N passed;
# M failed" and dotnet test's "Passed!  - Failed: M, Passed: N".
function Select-TestSummary {
    param(
        [Parameter(Mandatory)] [AllowEmptyCollection()] [System.Collections.Generic.List[string]] $Summaries,
        [Parameter(ValueFromPipeline)] $Line
    )
    process {
        $text = "$Line"
        if ($text -match '^test result: \w+\. \d+ passed; \d+ failed' -or $text -match '(Passed|Failed)!\s+-\s+Failed:\s+\d+, Passed:\s+\d+') {
            $Summaries.Add($text)
        }
        $Line
    }
}

# One closing line for the whole run, "tests: N passed, M failed", from every runner's summary.
function Write-TestTotal {
    param([Parameter(Mandatory)] [AllowEmptyCollection()] [System.Collections.Generic.List[string]] $Summaries)
    $passed = 0
    $failed = 0
    foreach ($line in $Summaries) {
        if ($line -match '(\d+) passed; (\d+) failed') {
            $passed += [int]$Matches[1]; $failed += [int]$Matches[2]
        }
        elseif ($line -match 'Failed:\s+(\d+), Passed:\s+(\d+)') {
            $failed += [int]$Matches[1]; $passed += [int]$Matches[2]
        }
    }
    Write-Host "tests: $passed passed, $failed failed"
}

function Invoke-Test {
    Invoke-Setup
    $summaries = [System.Collections.Generic.List[string]]::new()
    try {
        Invoke-Cargo 'cargo test --release (native)' @('test', '--release') | Select-TestSummary $summaries
        Invoke-Cargo 'cargo test --release (native/bindgen)' @('test', '--release', '--manifest-path', 'bindgen/Cargo.toml') |
            Select-TestSummary $summaries
        Invoke-Ct
        # The whole solution first: `dotnet test` builds only what the test projects reference, so a
        # benchmark, tool or sample that no longer compiles would otherwise pass unnoticed.
        Invoke-DotnetBuild
        Invoke-Native "dotnet test ($Configuration)" { dotnet test $Solution -c $Configuration --no-build } |
            Select-TestSummary $summaries
        # Recrypt.Tests runs every vector on both engines by itself; the live interop tests against
        # IronCore's npm build run once more with the managed engine as the default.
        $env:RECRYPT_BACKEND = 'managed'
        try {
            Invoke-Native "dotnet test tests/Recrypt.Interop.Tests, RECRYPT_BACKEND=managed ($Configuration)" {
                dotnet test (Join-Path $RepoRoot 'tests/Recrypt.Interop.Tests') -c $Configuration --no-build
            } | Select-TestSummary $summaries
        }
        finally {
            Remove-Item Env:RECRYPT_BACKEND
        }
    }
    finally {
        Write-TestTotal $summaries
    }
}

# `run` builds only the service and what it references, and only when one of their sources is newer than
# the last build `run` made (its stamp file): with nothing changed it starts the built assembly at once.
$ServiceBuildInputs = @(
    'service/Recrypt.Service', 'bindings/Recrypt', 'native/src', 'native/Cargo.toml', 'native/build.rs',
    'docs', 'Directory.Build.props', 'Directory.Packages.props', 'global.json'
)

function Get-ServiceOutputDirectory {
    Join-Path $ServiceProject "bin/$Configuration/net10.0"
}

# The first source file newer than $Since, or $null when every one is older.
function Find-NewerServiceInput {
    param([Parameter(Mandatory)] [datetime] $Since)
    foreach ($relative in $ServiceBuildInputs) {
        $path = Join-Path $RepoRoot $relative
        if (-not (Test-Path -LiteralPath $path)) {
            continue
        }
        $item = Get-Item -LiteralPath $path
        $files = if ($item.PSIsContainer) {
            Get-ChildItem -LiteralPath $path -Recurse -File |
                Where-Object { $_.FullName -notmatch '[\\/](bin|obj)[\\/]' -and $_.Name -ne 'openapi.json' }
        }
        else {
            $item
        }
        $newer = $files | Where-Object { $_.LastWriteTimeUtc -gt $Since } | Select-Object -First 1
        if ($newer) {
            return $newer.FullName
        }
    }
    return $null
}

function Build-ServiceForRun {
    $stamp = Join-Path (Get-ServiceOutputDirectory) 'build-ps1-run.stamp'
    $assembly = Join-Path (Get-ServiceOutputDirectory) 'Recrypt.Service.dll'
    if ((Test-Path -LiteralPath $stamp) -and (Test-Path -LiteralPath $assembly)) {
        $changed = Find-NewerServiceInput -Since (Get-Item -LiteralPath $stamp).LastWriteTimeUtc
        if (-not $changed) {
            Write-Step "Service is up to date ($Configuration): not building"
            return $assembly
        }
        Write-Step "Rebuilding the service: $([System.IO.Path]::GetRelativePath($RepoRoot, $changed)) changed"
    }
    else {
        Write-Step "First build of the service ($Configuration): the native library with cargo (a minute or two), then the C# projects (about a minute)"
    }
    # Only cargo needs the Debian packages; checking them takes a fraction of a second. Cargo runs here, in
    # the open, so that its progress shows (MSBuild's own cargo step then finds the library up to date).
    # Their output goes to the terminal as it comes, not into this function's return value.
    Install-DebianPackages | Out-Host
    Invoke-NativeBuild | Out-Host
    Invoke-Native "dotnet build service/Recrypt.Service ($Configuration)" {
        dotnet build $ServiceProject -c $Configuration --nologo -v minimal
    } | Out-Host
    New-Item -ItemType File -Force -Path $stamp | Out-Null
    return $assembly
}

function Start-RecryptService {
    $assembly = Build-ServiceForRun
    $databasePath = Join-Path $RepoRoot $DefaultDatabasePath
    # `dotnet <dll>` rather than `dotnet run`: no second build check, and the service is the process that
    # Ctrl+C reaches. Its content root is its output directory, where appsettings.json is.
    Invoke-Native "Starting the service on $ServiceUrl (database $databasePath; Ctrl+C stops it)" {
        dotnet $assembly --contentRoot (Get-ServiceOutputDirectory) --urls $ServiceUrl "--Storage:DatabasePath=$databasePath"
    }
}

function Invoke-Benchmarks {
    Invoke-Cargo 'cargo bench (native)' @('bench')
    Invoke-Native 'BenchmarkDotNet (benchmarks/Recrypt.Benchmarks)' {
        dotnet run -c Release --project $BenchmarksProject -- --filter '*'
    }
}

# Every Api480 operation with BenchmarkDotNet's short job, in process (to spare a shared CPU).
function Invoke-Api480Benchmarks {
    Invoke-Native 'BenchmarkDotNet, Api480 (benchmarks/Recrypt.Benchmarks)' {
        $clock = @(if ($IsLinux) { '--cpu-clock' })
        dotnet run -c Release --project $BenchmarksProject -- --filter '*Api480Benchmarks*' --job short --inProcess `
            --artifacts (Join-Path $RepoRoot 'artifacts/benchmarks/api480') $clock
    }
}

# Runs every operation on both engines with BenchmarkDotNet's short job, in process (to spare a shared CPU), then
# writes the comparison (markdown table, CSV, SVG chart) into artifacts/benchmarks.
function Invoke-Compare {
    $results = Join-Path $RepoRoot 'artifacts/benchmarks/results'
    $output = Join-Path $RepoRoot 'artifacts/benchmarks'
    if (Test-Path -LiteralPath $results) {
        Remove-Item -LiteralPath $results -Recurse -Force
    }
    Invoke-Native 'BenchmarkDotNet, both engines (benchmarks/Recrypt.Benchmarks)' {
        # In process: no per-benchmark build (a loaded machine makes BenchmarkDotNet's 2-minute build timeout).
        $clock = @(if ($IsLinux) { '--cpu-clock' })
        # Ten warm-up iterations, not the short job's three: on a loaded machine the JIT's background tier-up
        # lags, and three left the longest operations (decrypt level 2) partly unoptimised; nine measured ones
        # keep a single disturbed iteration from moving the median.
        dotnet run -c Release --project $BenchmarksProject -- --filter '*' --job short --warmupCount 10 --iterationCount 9 `
            --inProcess --exporters csv --artifacts $results $clock
    }
    Invoke-Native "native vs managed -> $output/compare.md, compare.csv, compare.svg" {
        dotnet run -c Release --no-build --project $BenchmarksProject -- compare (Join-Path $results 'results') $output
    }
}

# The dudect-style leakage test of the managed engine (tools/Recrypt.Dudect).
function Invoke-Dudect {
    Invoke-Native "dudect, $Measurements measurements per operation (tools/Recrypt.Dudect)" {
        dotnet run -c Release --project (Join-Path $RepoRoot 'tools/Recrypt.Dudect') -- $Measurements
    }
}

# Times key rotations (1,000 document keys, 10 grantees) against the real service, which it starts on a
# free loopback port with a database in a temporary directory, and stops afterwards.
function Invoke-RotationTiming {
    Invoke-Native "dotnet build ($Configuration)" { dotnet build $Solution -c $Configuration }
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start()
    $port = $listener.LocalEndpoint.Port
    $listener.Stop()
    $url = "http://127.0.0.1:$port/"
    $directory = Join-Path ([System.IO.Path]::GetTempPath()) "recrypt-rotation-$([guid]::NewGuid().ToString('N'))"
    New-Item -ItemType Directory -Path $directory | Out-Null
    $serviceDll = Join-Path $ServiceProject "bin/$Configuration/net10.0/Recrypt.Service.dll"
    $service = Start-Process dotnet -PassThru -WorkingDirectory (Split-Path $serviceDll) `
        -ArgumentList @($serviceDll, '--urls', $url.TrimEnd('/'), "--Storage:DatabasePath=$(Join-Path $directory 'recrypt.db')") `
        -RedirectStandardOutput (Join-Path $directory 'service.out') -RedirectStandardError (Join-Path $directory 'service.err')
    try {
        $deadline = (Get-Date).AddSeconds(60)
        while ($true) {
            try { Invoke-WebRequest -Uri "${url}health" -UseBasicParsing -TimeoutSec 2 | Out-Null; break }
            catch { if ((Get-Date) -gt $deadline) { throw "The service did not start at $url." }; Start-Sleep -Milliseconds 500 }
        }
        Invoke-Native "rotation timing against $url" {
            dotnet run -c Release --no-build --project $BenchmarksProject -- rotation $url 1000 10 3
        }
    }
    finally {
        Stop-Process -Id $service.Id -ErrorAction SilentlyContinue
        $service.WaitForExit()
        Remove-Item -LiteralPath $directory -Recurse -Force -ErrorAction SilentlyContinue
    }
}

# Runs one of the service's storage load tests at the size the environment variables give, showing its
# figures (the test's own output).
function Invoke-StorageLoadTest {
    param(
        [Parameter(Mandatory)] [string] $Name,
        [Parameter(Mandatory)] [string] $Filter,
        [Parameter(Mandatory)] [hashtable] $Environment
    )
    Invoke-Setup
    Invoke-Build
    foreach ($key in $Environment.Keys) {
        [System.Environment]::SetEnvironmentVariable($key, "$($Environment[$key])")
    }
    try {
        Invoke-Native $Name {
            dotnet test $ServiceTestsProject -c $Configuration --no-build --filter "FullyQualifiedName~$Filter" `
                --logger 'console;verbosity=detailed'
        }
    }
    finally {
        foreach ($key in $Environment.Keys) {
            [System.Environment]::SetEnvironmentVariable($key, $null)
        }
    }
}

function Invoke-Stress {
    Invoke-StorageLoadTest "storage stress test ($Documents document keys at $Clients clients)" 'StorageStressTests' @{
        RECRYPT_STRESS_DOCUMENTS = $Documents
        RECRYPT_STRESS_CLIENTS   = $Clients
    }
}

function Invoke-CrashTest {
    Invoke-StorageLoadTest "crash-durability test ($Rounds kills under load)" 'CrashDurabilityTests' @{
        RECRYPT_CRASH_ROUNDS = $Rounds
    }
}

# --- scaleout ------------------------------------------------------------------------------------

function Get-FreePort {
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start()
    try { return $listener.LocalEndpoint.Port } finally { $listener.Stop() }
}

function Wait-Health {
    param([Parameter(Mandatory)] [string] $Url, [Parameter(Mandatory)] [string] $What)
    $deadline = (Get-Date).AddSeconds(60)
    while ($true) {
        try { Invoke-WebRequest -Uri "$Url/health" -UseBasicParsing -TimeoutSec 2 | Out-Null; return }
        catch { if ((Get-Date) -gt $deadline) { throw "$What did not answer $Url/health within 60 s." }; Start-Sleep -Milliseconds 300 }
    }
}

# The nginx configuration of docs/service.md ("Running on PostgreSQL") in front of $Upstreams, in $Folder.
function Write-NginxConfiguration {
    param([int] $Port, [string[]] $Upstreams, [string] $Folder)
    $servers = ($Upstreams | ForEach-Object { "        server $_;" }) -join "`n"
    $conf = @"
daemon off;
master_process off;
worker_processes 1;
pid $Folder/nginx.pid;
error_log $Folder/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $Folder/body;
    proxy_temp_path $Folder/proxy;
    fastcgi_temp_path $Folder/fastcgi;
    uwsgi_temp_path $Folder/uwsgi;
    scgi_temp_path $Folder/scgi;
    upstream recrypt {
$servers
        keepalive 256;
    }
    server {
        listen 127.0.0.1:$Port;
        client_max_body_size 1m;
        location / {
            proxy_pass http://recrypt;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host `$host;
            proxy_next_upstream error timeout;
        }
    }
}
"@
    $path = Join-Path $Folder 'nginx.conf'
    Set-Content -LiteralPath $path -Value $conf
    return $path
}

# The command prefix that runs a process on core $Core (taskset; its children inherit it) at a raised priority
# (nice -20, when allowed: as root), so that whatever else the machine runs does not take the measured cores' time;
# nothing when no core is given.
function Get-Pinning {
    param([string] $Core, [switch] $SamePriority)
    if (-not $Core) { return @() }
    $pinning = @('taskset', '-c', $Core)
    if ((& id -u) -eq '0' -and -not $SamePriority) { $pinning += @('nice', '-n', '-20') }
    return $pinning
}

# A throwaway PostgreSQL cluster in $Folder (initdb as the unprivileged postgres user when we are root, a free
# loopback port, trust authentication); returns what Stop-ThrowawayPostgres and the connection string need.
function Start-ThrowawayPostgres {
    param([Parameter(Mandatory)] [string] $Folder, [string] $Core)
    $pgBin = Get-ChildItem -Directory /usr/lib/postgresql -ErrorAction SilentlyContinue |
        Sort-Object { [int]$_.Name } -Descending | ForEach-Object { Join-Path $_.FullName 'bin' } |
        Where-Object { Test-Path (Join-Path $_ 'initdb') } | Select-Object -First 1
    if (-not $pgBin) { throw "PostgreSQL's server binaries are missing: run ./build.ps1 setup." }
    $root = (& id -u) -eq '0'
    $asOwner = if ($root) { @('runuser', '-u', 'postgres', '--') } else { @() }
    if ($root) { & chown postgres $Folder }
    $cluster = [pscustomobject]@{ Bin = $pgBin; Data = (Join-Path $Folder 'pg'); AsOwner = $asOwner; Port = (Get-FreePort) }
    $initdb = $asOwner + @((Join-Path $pgBin 'initdb'), '-D', $cluster.Data, '-U', 'recrypt', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions')
    Invoke-Native 'initdb (a throwaway PostgreSQL cluster)' { & $initdb[0] $initdb[1..($initdb.Count - 1)] | Out-Null }
    # The postmaster and every backend it forks inherit the pinning.
    $pgctl = (Get-Pinning $Core) + $asOwner + @((Join-Path $pgBin 'pg_ctl'), '-D', $cluster.Data, '-l', (Join-Path $Folder 'pg.log'), '-w', '-o',
        "-c listen_addresses=127.0.0.1 -p $($cluster.Port) -c unix_socket_directories=$Folder -c max_connections=400", 'start')
    Invoke-Native "PostgreSQL on 127.0.0.1:$($cluster.Port)" { & $pgctl[0] $pgctl[1..($pgctl.Count - 1)] | Out-Null }
    return $cluster
}

function Stop-ThrowawayPostgres {
    param($Cluster)
    if ($Cluster -and (Test-Path (Join-Path $Cluster.Data 'postmaster.pid'))) {
        $stop = $Cluster.AsOwner + @((Join-Path $Cluster.Bin 'pg_ctl'), '-D', $Cluster.Data, '-m', 'fast', '-w', 'stop')
        & $stop[0] $stop[1..($stop.Count - 1)] | Out-Null
    }
}

# Starts service instance $Index on a free port with $StorageArgs (optionally pinned with taskset -c $Core);
# returns the process and its address.
function Start-ServiceInstance {
    param([int] $Index, [string[]] $StorageArgs, [string] $Folder, [string] $Core, [switch] $SamePriority)
    $serviceDll = Join-Path $ServiceProject "bin/$Configuration/net10.0/Recrypt.Service.dll"
    $port = Get-FreePort
    $url = "http://127.0.0.1:$port"
    $arguments = @($serviceDll, '--urls', $url) + $StorageArgs + @('--RateLimits:Enabled=false', '--Logging:LogLevel:Default=Warning')
    $program = 'dotnet'
    if ($Core) { $pinning = Get-Pinning $Core -SamePriority:$SamePriority; $arguments = $pinning[1..($pinning.Count - 1)] + @('dotnet') + $arguments; $program = $pinning[0] }
    Write-Step "service instance $($Index + 1) on $url$(if ($Core) { " (core $Core)" })"
    $process = Start-Process $program -PassThru -WorkingDirectory (Split-Path $serviceDll) -ArgumentList $arguments `
        -RedirectStandardOutput (Join-Path $Folder "service-$Index.out") -RedirectStandardError (Join-Path $Folder "service-$Index.err")
    return [pscustomobject]@{ Process = $process; Upstream = "127.0.0.1:$port"; Url = $url }
}

# Issue 17: a throwaway PostgreSQL cluster, -Instances service processes over it, and nginx round-robin in
# front of first one instance, then all of them; the load generator (real signed clients) runs the same
# scenarios through nginx each time, at -Clients concurrency levels (-Duration seconds per point).
function Invoke-ScaleOut {
    Invoke-Setup
    Invoke-Build
    Assert-Command 'nginx' 'Run ./build.ps1 setup first (or apt-get install nginx-light).'
    $folder = Join-Path ([System.IO.Path]::GetTempPath()) "recrypt-scaleout-$([guid]::NewGuid().ToString('N').Substring(0, 12))"
    New-Item -ItemType Directory -Path $folder | Out-Null
    $services = @()
    $nginx = $null
    $cluster = $null
    $loadTest = Join-Path $RepoRoot "benchmarks/Recrypt.LoadTest/bin/$Configuration/net10.0/Recrypt.LoadTest.dll"
    try {
        $cluster = Start-ThrowawayPostgres $folder
        $kek = [Convert]::ToBase64String([System.Security.Cryptography.RandomNumberGenerator]::GetBytes(32))
        $connection = "Host=127.0.0.1;Port=$($cluster.Port);Username=recrypt;Database=postgres;Maximum Pool Size=100"
        $storage = @('--Storage:Provider=PostgreSQL', "--Storage:ConnectionString=`"$connection`"", "--Storage:KeyEncryptionKey=$kek")
        for ($i = 0; $i -lt $Instances; $i++) { $services += Start-ServiceInstance -Index $i -StorageArgs $storage -Folder $folder }
        foreach ($service in $services) { Wait-Health $service.Url "Service instance $($services.IndexOf($service) + 1)" }
        $upstreams = @($services | ForEach-Object { $_.Upstream })

        foreach ($count in @(1, $Instances) | Select-Object -Unique) {
            $nginxPort = Get-FreePort
            $nginxFolder = Join-Path $folder "nginx-$count"
            New-Item -ItemType Directory -Path $nginxFolder | Out-Null
            $conf = Write-NginxConfiguration -Port $nginxPort -Upstreams ($upstreams | Select-Object -First $count) -Folder $nginxFolder
            $nginx = Start-Process nginx -PassThru -ArgumentList @('-p', $nginxFolder, '-c', $conf, '-e', (Join-Path $nginxFolder 'error.log'))
            try {
                Wait-Health "http://127.0.0.1:$nginxPort" 'nginx'
                Invoke-Native "load through nginx in front of $count instance(s) on PostgreSQL" {
                    dotnet $loadTest --url "http://127.0.0.1:$nginxPort" --scenarios 'grantee-fetches,owner-fetches,uploads' `
                        --clients $Clients --duration $Duration --warmup 2
                }
            }
            finally {
                Stop-Process -Id $nginx.Id -ErrorAction SilentlyContinue
                $nginx.WaitForExit()
            }
        }
    }
    finally {
        foreach ($service in $services) {
            Stop-Process -Id $service.Process.Id -ErrorAction SilentlyContinue
            $service.Process.WaitForExit()
        }
        Stop-ThrowawayPostgres $cluster
        Remove-Item -LiteralPath $folder -Recurse -Force -ErrorAction SilentlyContinue
    }
}

# Issue 17, item 6: the load benchmark. -Instances service processes (default 1) on -Provider (LiteDB, a
# temporary file; PostgreSQL, a throwaway cluster), nginx round-robin in front of them when there are several,
# and the load generator: grantee fetches, owner fetches, grants and document posts at -Clients (default
# 1,2,4,8,16,32), -Duration seconds per point. It prints requests/s, p50/p90/p99, errors (any fails the task),
# the services' CPU ms per request (/proc/<pid>/stat), how many responses it checked by decrypting them, and the
# best grantee-fetch point next to one core's in-process transform rate on the service's core, measured once first
# and again right before and right after each grantee-fetch point (the point is compared with that bracket's mean).
# -Pin: the service(s) alone on core 1; the generator, PostgreSQL and nginx on core 0 (taskset), as a
# deployment runs its database and load balancer on machines of their own.
function Invoke-LoadTest {
    $levels = if ($script:ClientsGiven) { $Clients } else { '1,2,4,8,16,32' }
    $count = if ($script:InstancesGiven) { $Instances } else { 1 }
    $balanced = $count -gt 1 -or $Balancer
    if ($balanced) { Assert-Command 'nginx' 'Run ./build.ps1 setup first (or apt-get install nginx-light).' }
    if ($Pin) { Assert-Command 'taskset' 'Install util-linux.' }
    # Only what runs (the service builds the native library through its MSBuild target), not the whole solution.
    foreach ($project in @($ServiceProject, (Join-Path $RepoRoot 'benchmarks/Recrypt.LoadTest'))) {
        Invoke-Native "dotnet build $(Split-Path $project -Leaf) ($Configuration)" { dotnet build $project -c $Configuration --nologo -v quiet }
    }
    $folder = Join-Path ([System.IO.Path]::GetTempPath()) "recrypt-loadtest-$([guid]::NewGuid().ToString('N').Substring(0, 12))"
    New-Item -ItemType Directory -Path $folder | Out-Null
    $loadTest = Join-Path $RepoRoot "benchmarks/Recrypt.LoadTest/bin/$Configuration/net10.0/Recrypt.LoadTest.dll"
    $serviceCore = if ($Pin) { '1' } else { $null }
    $otherCore = if ($Pin) { '0' } else { $null }
    $generator = (Get-Pinning $otherCore) + @('dotnet', $loadTest)
    $services = @()
    $nginx = $null
    $cluster = $null
    try {
        # One core's in-process transform rate, on the service's core, before anything else runs there.
        $measure = (Get-Pinning $serviceCore) + @('dotnet', $loadTest)
        Write-Step "in-process transform rate on one thread$(if ($Pin) { ' on core 1' })"
        $rateLine = & $measure[0] @($measure[1..($measure.Count - 1)] + @('--measure-transform', '5')) | Select-Object -Last 1
        if ($LASTEXITCODE -ne 0 -or $rateLine -notmatch '^transform-rate (\S+) (\S+)$') { throw "Measuring the transform rate failed: $rateLine" }
        $transformRate = $Matches[1]
        $transformCpu = $Matches[2]
        Write-Host "  $transformRate transforms/s, $transformCpu CPU ms each"

        $storage = if ($Provider -eq 'PostgreSQL') {
            $cluster = Start-ThrowawayPostgres $folder -Core $otherCore
            $kek = [Convert]::ToBase64String([System.Security.Cryptography.RandomNumberGenerator]::GetBytes(32))
            $connection = "Host=127.0.0.1;Port=$($cluster.Port);Username=recrypt;Database=postgres;Maximum Pool Size=100"
            @('--Storage:Provider=PostgreSQL', "--Storage:ConnectionString=`"$connection`"", "--Storage:KeyEncryptionKey=$kek")
        }
        else {
            if ($count -gt 1) { throw 'LiteDB is one service process over one file: -Instances above 1 needs -Provider PostgreSQL.' }
            @("--Storage:DatabasePath=$(Join-Path $folder 'recrypt.db')")
        }
        # -Spread: instance i on core i (mod the cores), at the priority of everything else (only the cores differ).
        for ($i = 0; $i -lt $count; $i++) {
            $core = if ($Spread -and -not $Pin) { [string]($i % [Environment]::ProcessorCount) } else { $serviceCore }
            $services += Start-ServiceInstance -Index $i -StorageArgs $storage -Folder $folder -Core $core -SamePriority:($Spread -and -not $Pin)
        }
        foreach ($service in $services) { Wait-Health $service.Url "Service instance $($services.IndexOf($service) + 1)" }
        $url = $services[0].Url
        if ($balanced) {
            $nginxPort = Get-FreePort
            $conf = Write-NginxConfiguration -Port $nginxPort -Upstreams @($services | ForEach-Object { $_.Upstream }) -Folder $folder
            $nginxArgs = @('-p', $folder, '-c', $conf, '-e', (Join-Path $folder 'error.log'))
            $nginxCommand = (Get-Pinning $otherCore) + @('nginx') + $nginxArgs
            $nginx = Start-Process $nginxCommand[0] -PassThru -ArgumentList $nginxCommand[1..($nginxCommand.Count - 1)]
            $url = "http://127.0.0.1:$nginxPort"
            Wait-Health $url 'nginx'
        }
        $pids = ($services | ForEach-Object { $_.Process.Id }) -join ','
        $instanceUrls = ($services | ForEach-Object { $_.Url }) -join ','
        $databasePid = if ($cluster) { @('--database-pid', (Get-Content (Join-Path $cluster.Data 'postmaster.pid') -TotalCount 1).Trim()) } else { @() }
        $what = "$count instance(s) on $Provider$(if ($balanced) { ' behind nginx' })$(if ($Pin) { ', service on core 1, the rest on core 0' } elseif ($Spread) { ', instance i on core i' })"
        Invoke-Native "load generator against $what" {
            & $generator[0] @($generator[1..($generator.Count - 1)] + @('--url', $url, '--scenarios', $Scenarios,
                    '--clients', $levels, '--duration', $Duration, '--warmup', '2', '--service-warmup', '60', '--until-jit-quiet', $instanceUrls, '--server-pids', $pids, '--transform-rate', $transformRate, '--transform-cpu', $transformCpu, '--bracket-transform', $(if ($Pin) { $serviceCore } else { 'any' })) + $databasePid)
        }
    }
    finally {
        if ($nginx) { Stop-Process -Id $nginx.Id -ErrorAction SilentlyContinue; $nginx.WaitForExit() }
        foreach ($service in $services) {
            Stop-Process -Id $service.Process.Id -ErrorAction SilentlyContinue
            $service.Process.WaitForExit()
        }
        Stop-ThrowawayPostgres $cluster
        Remove-Item -LiteralPath $folder -Recurse -Force -ErrorAction SilentlyContinue
    }
}

# Packs the bindings and the client into artifacts/packages and runs the sample against the package (not
# the project); samples/Recrypt.Story (which needs a running service) builds from the same feed.
# The package version does not change between packs, so the sample restores into a NuGet folder of its
# own that is emptied first: a user-wide cache would keep serving the previous copy.
function Invoke-Package {
    $feed = Join-Path $RepoRoot 'artifacts/packages'
    $packages = Join-Path $RepoRoot 'artifacts/nuget-packages'
    Invoke-Native "dotnet pack bindings/Recrypt -> $feed" {
        dotnet pack (Join-Path $RepoRoot 'bindings/Recrypt') -c $Configuration -o $feed --nologo
    }
    Invoke-Native "dotnet pack client/Recrypt.Client -> $feed" {
        dotnet pack (Join-Path $RepoRoot 'client/Recrypt.Client') -c $Configuration -o $feed --nologo
    }
    if (Test-Path -LiteralPath $packages) {
        Remove-Item -LiteralPath $packages -Recurse -Force
    }
    $previous = $env:NUGET_PACKAGES
    $env:NUGET_PACKAGES = $packages
    try {
        Invoke-Native 'dotnet run samples/Recrypt.Sample (from the package)' {
            dotnet run --project (Join-Path $RepoRoot 'samples/Recrypt.Sample') -c $Configuration
        }
    }
    finally {
        $env:NUGET_PACKAGES = $previous
    }
}

# Runs the service's random HTTP fuzz test for -Requests requests (the test reads its size, seed and
# report path from the environment) and prints its report.
function Invoke-HttpFuzz {
    $project = Join-Path $RepoRoot 'tests/Recrypt.Service.Tests'
    $report = Join-Path $RepoRoot 'artifacts/httpfuzz/report.md'
    New-Item -ItemType Directory -Force -Path (Split-Path $report) | Out-Null
    $runSeed = if ($Seed -ne 0) { $Seed } else { Get-Random -Minimum 1 -Maximum ([int]::MaxValue) }
    Invoke-Native "dotnet build tests/Recrypt.Service.Tests ($Configuration)" { dotnet build $project -c $Configuration --nologo -v quiet }
    $env:RECRYPT_HTTPFUZZ_REQUESTS = "$Requests"
    $env:RECRYPT_HTTPFUZZ_SEED = "$runSeed"
    $env:RECRYPT_HTTPFUZZ_REPORT = $report
    try {
        Invoke-Native "HTTP fuzzing: $Requests requests, seed $runSeed" {
            dotnet test $project -c $Configuration --no-build --filter 'FullyQualifiedName~HttpFuzzTests.RandomRequestsFromTheOpenApiDocument'
        }
    }
    finally {
        Remove-Item Env:RECRYPT_HTTPFUZZ_REQUESTS, Env:RECRYPT_HTTPFUZZ_SEED, Env:RECRYPT_HTTPFUZZ_REPORT -ErrorAction SilentlyContinue
        if (Test-Path -LiteralPath $report) {
            Get-Content -LiteralPath $report | Write-Host
        }
    }
}

# --- check and generated files -------------------------------------------------------------------

function Update-GeneratedFiles {
    Assert-Command 'cbindgen' 'Run ./build.ps1 setup first.'
    Push-Location $NativeDir
    try {
        # The header comes from the C ABI module alone (no `cargo metadata`, so it works offline and
        # internal `pub` items of other modules stay out of it).
        Invoke-Native "cbindgen $CbindgenInput -> native/include/recrypt_ffi.h" {
            cbindgen --quiet --config cbindgen.toml --output include/recrypt_ffi.h $CbindgenInput
        }
    }
    finally {
        Pop-Location
    }
    # The C# P/Invoke layer comes from the same module, through our syn-based generator.
    Invoke-Cargo 'recrypt-bindgen src/ffi/mod.rs -> bindings/Recrypt/Interop/NativeMethods.g.cs' @(
        'run', '--quiet', '--release', '--manifest-path', 'bindgen/Cargo.toml', '--',
        'src/ffi/mod.rs', '../bindings/Recrypt/Interop/NativeMethods.g.cs')
    # The service's OpenAPI document is written by its build (Microsoft.Extensions.ApiDescription.Server).
    Invoke-Native 'dotnet build service/Recrypt.Service -> service/Recrypt.Service/openapi.json' {
        dotnet build $ServiceProject -c $Configuration --nologo -v quiet
    }
}

function Assert-GeneratedFilesUnchanged {
    Assert-Command 'git' 'The generated-file check compares against git.'
    Push-Location $RepoRoot
    try {
        Write-Step 'Compare generated files with the committed copies'
        git --no-pager diff --exit-code --stat -- @GeneratedFiles
        switch ($LASTEXITCODE) {
            0 { }
            1 { throw "Generated files differ from the committed copies (diff above): commit the regenerated files, or fix their source." }
            default { throw "git diff failed: exit code $LASTEXITCODE" }
        }
        $untracked = @(git ls-files --others --exclude-standard -- @GeneratedFiles)
        if ($LASTEXITCODE -ne 0) {
            throw "git ls-files failed: exit code $LASTEXITCODE"
        }
        if ($untracked.Count -gt 0) {
            throw "Generated files are not committed: $($untracked -join ', '). Commit them."
        }
    }
    finally {
        Pop-Location
    }
}

function Invoke-Check {
    Invoke-Setup
    Push-Location $NativeDir
    try {
        Invoke-Native 'cargo fmt --check (native)' { cargo fmt --check }
        Invoke-Native 'cargo fmt --check (native/bindgen)' { cargo fmt --check --manifest-path bindgen/Cargo.toml }
    }
    finally {
        Pop-Location
    }

    $global:LASTEXITCODE = 0
    & cargo clippy --version *> $null
    if ($LASTEXITCODE -eq 0) {
        Invoke-Cargo 'cargo clippy (native)' @('clippy', '--release', '--all-targets', '--', '-D', 'warnings')
        Invoke-Cargo 'cargo clippy (native/bindgen)' @('clippy', '--release', '--manifest-path', 'bindgen/Cargo.toml', '--', '-D', 'warnings')
    }
    else {
        Write-Warning 'cargo clippy is not installed (rustup component add clippy): skipping the clippy step.'
    }

    Invoke-Native 'dotnet format --verify-no-changes' { dotnet format $Solution --verify-no-changes }

    Update-GeneratedFiles
    Assert-GeneratedFilesUnchanged
}

# --- fuzz and ct ----------------------------------------------------------------------------------

$FuzzDir = Join-Path $NativeDir 'fuzz'
$FuzzTargetDir = Join-Path $NativeDir 'target/fuzz'
$CtDir = Join-Path $NativeDir 'ct'

# Builds the crate as a static library with SanitizerCoverage (stable rustc: LLVM's sancov pass and
# flags), debug assertions and overflow checks, in a target directory of its own, and links the
# harness with clang's libFuzzer. Returns the fuzzer's path.
function Build-Fuzzer {
    Assert-Command 'clang-14' 'Run ./build.ps1 setup first (it installs clang-14 and libclang-rt-14-dev).'
    $rustflags = @(
        '-Cpasses=sancov-module', '-Cllvm-args=-sanitizer-coverage-level=4'
        '-Cllvm-args=-sanitizer-coverage-inline-8bit-counters', '-Cllvm-args=-sanitizer-coverage-pc-table'
        '-Cllvm-args=-sanitizer-coverage-trace-compares', '-Cdebug-assertions', '-Coverflow-checks'
    ) -join ' '
    $previous = $env:RUSTFLAGS
    $env:RUSTFLAGS = $rustflags
    try {
        # --target keeps RUSTFLAGS away from build scripts (ring's), which must not be instrumented.
        Invoke-Cargo 'cargo rustc --crate-type staticlib (SanitizerCoverage)' @(
            'rustc', '--release', '--lib', '--crate-type', 'staticlib', '--target', 'x86_64-unknown-linux-gnu',
            '--target-dir', $FuzzTargetDir)
    }
    finally {
        $env:RUSTFLAGS = $previous
    }
    $library = Join-Path $FuzzTargetDir 'x86_64-unknown-linux-gnu/release/librecrypt_ffi.a'
    $fuzzer = Join-Path $FuzzTargetDir 'recrypt-fuzz'
    Invoke-Native 'clang-14 -fsanitize=fuzzer native/fuzz/harness.c' {
        clang-14 -fsanitize=fuzzer -O1 -g -I (Join-Path $NativeDir 'include') -I $FuzzDir (Join-Path $FuzzDir 'harness.c') `
            $library -lpthread -ldl -lm -o $fuzzer
    }
    return $fuzzer
}

# The harness's targets in two groups by cost (measured: executions per second of each target alone).
# "light" ones end before any pairing for almost every input (decoders, signatures, key arithmetic,
# hashing): thousands of executions per second. "heavy" ones decrypt and transform re-signed values
# through the pairing: tens to hundreds. Run together, the heavy ones would take nearly all the time,
# so each group gets a fuzzer (and a core) of its own and a work corpus of its own.
$FuzzGroups = [ordered]@{
    light = '0,1,2,3,4,5,6,9,14,18,19,20,21,22,23,24'
    heavy = '7,8,10,11,12,13,15,16,17,25'
}

function Invoke-Fuzz {
    Invoke-Setup
    $fuzzer = Build-Fuzzer
    $regressions = Join-Path $FuzzDir 'regressions'
    $seconds = [int][Math]::Max(1, [Math]::Round($Minutes * 60))
    $runs = foreach ($group in $FuzzGroups.Keys) {
        $workCorpus = Join-Path $FuzzTargetDir "corpus-$group"
        $crashDir = Join-Path $FuzzTargetDir "crashes-$group"
        New-Item -ItemType Directory -Force -Path $workCorpus, $crashDir, $regressions | Out-Null
        Get-ChildItem -LiteralPath $crashDir -File | Remove-Item
        $log = Join-Path $FuzzTargetDir "fuzz-$group.log"
        # New inputs go to the first (work) corpus; the committed seeds and regressions are read only.
        $env:RECRYPT_FUZZ_TARGETS = $FuzzGroups[$group]
        $process = Start-Process -FilePath $fuzzer -NoNewWindow -PassThru -RedirectStandardError $log -RedirectStandardOutput "$log.out" -ArgumentList @(
            "-max_total_time=$seconds", '-print_final_stats=1', '-max_len=4200', '-timeout=30',
            "-artifact_prefix=$crashDir/", $workCorpus, (Join-Path $FuzzDir 'corpus'), $regressions)
        $null = $process.Handle # keeps the exit code readable after the process ends
        [pscustomobject]@{ Group = $group; Targets = $FuzzGroups[$group]; Process = $process; Log = $log; CrashDir = $crashDir }
    }
    Remove-Item Env:RECRYPT_FUZZ_TARGETS
    Write-Step "libFuzzer for $seconds s: $(($runs | ForEach-Object { "$($_.Group) targets $($_.Targets)" }) -join '; ') (logs: $FuzzTargetDir/fuzz-*.log)"
    while ($runs.Process | Where-Object { -not $_.HasExited }) {
        Start-Sleep -Seconds 5
        if ((Get-Date).Second -lt 5) {
            foreach ($run in $runs) {
                $last = Get-Content -LiteralPath $run.Log -Tail 20 -ErrorAction SilentlyContinue | Where-Object { "$_" -match '^#\d+' } | Select-Object -Last 1
                if ($last) { Write-Host "$($run.Group): $last" }
            }
        }
    }
    $total = 0L
    $failures = @()
    foreach ($run in $runs) {
        $run.Process.WaitForExit()
        $text = Get-Content -LiteralPath $run.Log -Raw
        $executions = if ($text -match 'stat::number_of_executed_units:\s*(\d+)') { [long]$Matches[1] } else { 0 }
        $total += $executions
        $coverage = ([regex]::Matches($text, '(?m)^#\d+\s+\w+\s+cov: (\d+) ft: (\d+) corp: (\d+)') | Select-Object -Last 1)
        $crashes = @(Get-ChildItem -LiteralPath $run.CrashDir -File)
        foreach ($crash in $crashes) {
            Copy-Item -LiteralPath $crash.FullName -Destination (Join-Path $regressions $crash.Name)
        }
        $summary = "fuzz $($run.Group) (targets $($run.Targets)): $executions executions in $seconds s"
        if ($coverage) {
            $summary += ", coverage $($coverage.Groups[1].Value) edges ($($coverage.Groups[2].Value) features), corpus $($coverage.Groups[3].Value) inputs"
        }
        Write-Host "$summary, $($crashes.Count) crashes"
        if ($crashes.Count -gt 0 -or $run.Process.ExitCode -ne 0) {
            $failures += "$($run.Group): $($crashes.Count) crash input(s), exit code $($run.Process.ExitCode) (log: $($run.Log))"
        }
    }
    Write-Host "fuzz: $total executions in all"
    if ($failures) {
        throw "libFuzzer found crashes ($($failures -join '; ')); the inputs are copied to native/fuzz/regressions: fix them, and commit the inputs as regression tests."
    }
}

# Runs native/ct/ct.c under valgrind memcheck against the release library (built with symbols, as
# `cargo build --release` leaves it). Suppressions in native/ct/ct.supp may only name conditional
# jumps; a "use of uninitialised value" (a secret-dependent address) always fails.
function Invoke-Ct {
    Assert-Command 'valgrind' 'Run ./build.ps1 setup first (it installs valgrind).'
    Invoke-NativeBuild
    $supp = Join-Path $CtDir 'ct.supp'
    if ((Get-Content -LiteralPath $supp -Raw) -match '(?m)^\s*Memcheck:(Value|Addr)') {
        throw "native/ct/ct.supp suppresses a secret-dependent address (Memcheck:Value/Addr): only conditional jumps (Memcheck:Cond) may be explained away."
    }
    $libDir = Join-Path $NativeDir 'target/release'
    $exe = Join-Path $NativeDir 'target/ct/ct'
    New-Item -ItemType Directory -Force -Path (Split-Path $exe) | Out-Null
    Invoke-Native 'cc native/ct/ct.c' {
        cc -std=c99 -O1 -g -Wall -Wextra -Werror -I (Join-Path $NativeDir 'include') (Join-Path $CtDir 'ct.c') `
            -L $libDir -lrecrypt_ffi -ldl -rdynamic -o $exe
    }
    $previous = $env:LD_LIBRARY_PATH
    $env:LD_LIBRARY_PATH = $libDir
    try {
        # The canary looks a table up at a secret index: memcheck must report it, or the check is blind.
        Write-Step 'valgrind memcheck: the canary (a secret-dependent address) must be reported'
        $canary = & valgrind --tool=memcheck --error-exitcode=1 -q $exe --canary 2>&1
        if ($LASTEXITCODE -ne 1 -or -not ("$canary" -match 'Use of uninitialised value')) {
            throw "valgrind did not report the canary's secret-dependent lookup: the constant-time check is not working.`n$canary"
        }
        Invoke-Native 'valgrind memcheck: secrets marked undefined (native/ct/ct.c)' {
            valgrind --tool=memcheck --error-exitcode=1 --track-origins=yes --suppressions=$supp `
                --show-error-list=yes -q $exe
        }
    }
    finally {
        $env:LD_LIBRARY_PATH = $previous
    }
    Write-Host 'ct: no secret-dependent address; every secret-dependent branch is in native/ct/ct.supp'
}

# --- main ----------------------------------------------------------------------------------------

$taskActions = [ordered]@{
    setup    = { Invoke-Setup }
    build    = { Invoke-Build }
    test     = { Invoke-Test }
    run      = { Start-RecryptService }
    bench    = { Invoke-Benchmarks }
    bench480 = { Invoke-Api480Benchmarks }
    compare  = { Invoke-Compare }
    dudect   = { Invoke-Dudect }
    'bench-rotation' = { Invoke-RotationTiming }
    package  = { Invoke-Package }
    check    = { Invoke-Check }
    generate = { Update-GeneratedFiles }
    fuzz     = { Invoke-Fuzz }
    ct       = { Invoke-Ct }
    httpfuzz = { Invoke-HttpFuzz }
    stress   = { Invoke-Stress }
    crashtest = { Invoke-CrashTest }
    scaleout = { Invoke-ScaleOut }
    loadtest = { Invoke-LoadTest }
}

try {
    foreach ($name in $Task) {
        & $taskActions[$name.ToLowerInvariant()]
    }
}
catch {
    Write-Host "build.ps1 $($Task -join ' '): $($_.Exception.Message)" -ForegroundColor Red
    exit 1
}
