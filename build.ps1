#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Convenience driver for Recrypt: setup, build, test, run, bench, compare, dudect, package, check, generate.

.DESCRIPTION
    `dotnet build Recrypt.sln` is the real build (it also builds the native library); this script
    strings the usual steps together and makes a fresh machine ready. Tasks run in the order given.

      setup     Install what a fresh machine lacks (idempotent): Debian's packaged Rust crates and
                cbindgen (apt-get, only when missing), the local .NET tools, and the npm packages of
                tests/interop-peer when it has a package.json.
      build     Native library (cargo) and the whole solution.
      test      setup, then every test suite: cargo test (the crate and the bindings generator), then
                dotnet test. The generated header and C# bindings are compared with their sources there.
      run       setup, then build and start the service on http://127.0.0.1:5080, database under ./data.
      bench     cargo bench, then the BenchmarkDotNet suites (every operation on both engines).
      compare   The BenchmarkDotNet suites with a short job, then the native-vs-managed comparison:
                artifacts/benchmarks/compare.md, compare.csv (operation, native median, managed median,
                ratio) and compare.svg (a chart of the ratios).
      dudect    A dudect-style leakage test of the managed engine (fixed-vs-random private keys,
                Welch's t-test) over decrypt, compute public key, transform key generation and Schnorr
                signing. Slow and noisy: not part of test. -Measurements sets the count per operation.
      package   Pack the bindings (NuGet, with the native library) into artifacts/packages and run
                samples/Recrypt.Sample against that package.
      check     Formatting and lints (rustfmt, clippy, dotnet format), then regenerate every generated
                file and fail if it differs from the committed copy.
      generate  Regenerate the generated files: the C header native/include/recrypt_ffi.h (cbindgen), the
                C# P/Invoke layer bindings/Recrypt/Interop/NativeMethods.g.cs (native/bindgen) and the
                service's OpenAPI document service/Recrypt.Service/openapi.json (its build).

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
    [ValidateSet('setup', 'build', 'test', 'run', 'bench', 'compare', 'dudect', 'package', 'check', 'generate')]
    [string[]] $Task = @('test'),

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # dudect: measurements per operation.
    [int] $Measurements = 2000
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
# Native commands are checked explicitly by Invoke-Native, which names the step that failed.
$PSNativeCommandUseErrorActionPreference = $false

$RepoRoot = $PSScriptRoot
$NativeDir = Join-Path $RepoRoot 'native'
$Solution = Join-Path $RepoRoot 'Recrypt.sln'
$ServiceProject = Join-Path $RepoRoot 'service/Recrypt.Service'
$BenchmarksProject = Join-Path $RepoRoot 'benchmarks/Recrypt.Benchmarks'
$InteropPeerDir = Join-Path $RepoRoot 'tests/interop-peer'
$DebianCargoRegistry = '/usr/share/cargo/registry'
$ServiceUrl = 'http://127.0.0.1:5080'

# Files written by Update-GeneratedFiles, relative to the repository root, and the Rust module
# (relative to native/) the C header is generated from.
$GeneratedFiles = @(
    'native/include/recrypt_ffi.h',
    'bindings/Recrypt/Interop/NativeMethods.g.cs',
    'service/Recrypt.Service/openapi.json'
)
$CbindgenInput = 'src/ffi.rs'

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
)

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

# The packages of $DebianPackages that are not installed. Some names are virtual (Debian folds
# librust-serde+derive-dev into librust-serde+serde-derive-dev), so a name also counts as installed
# when an installed package provides it.
function Get-MissingDebianPackage {
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
    $DebianPackages | Where-Object { -not $installed.Contains($_) }
}

function Install-DebianPackages {
    if (-not (Get-Command dpkg-query -CommandType Application -ErrorAction SilentlyContinue)) {
        Write-Warning "dpkg-query not found: not a Debian system, skipping the Debian packages. Cargo will use its own registry."
        return
    }
    $missing = @(Get-MissingDebianPackage)
    if ($missing.Count -eq 0) {
        Write-Step "Debian packages: all $($DebianPackages.Count) present"
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
    Install-DebianPackages
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
        Invoke-Native "dotnet test ($Configuration)" { dotnet test $Solution -c $Configuration } |
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

function Start-RecryptService {
    Invoke-Setup
    $databasePath = Join-Path $RepoRoot 'data/recrypt.db'
    Invoke-Native "dotnet run service on $ServiceUrl (database $databasePath)" {
        dotnet run --project $ServiceProject -c $Configuration -- --urls $ServiceUrl --Storage:DatabasePath $databasePath
    }
}

function Invoke-Benchmarks {
    Invoke-Cargo 'cargo bench (native)' @('bench')
    Invoke-Native 'BenchmarkDotNet (benchmarks/Recrypt.Benchmarks)' {
        dotnet run -c Release --project $BenchmarksProject -- --filter '*'
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
        dotnet run -c Release --project $BenchmarksProject -- --filter '*' --job short --inProcess --exporters csv --artifacts $results
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

# Packs the bindings into artifacts/packages and runs the sample against the package (not the project).
# The package version does not change between packs, so the sample restores into a NuGet folder of its
# own that is emptied first: a user-wide cache would keep serving the previous copy.
function Invoke-Package {
    $feed = Join-Path $RepoRoot 'artifacts/packages'
    $packages = Join-Path $RepoRoot 'artifacts/nuget-packages'
    Invoke-Native "dotnet pack bindings/Recrypt -> $feed" {
        dotnet pack (Join-Path $RepoRoot 'bindings/Recrypt') -c $Configuration -o $feed --nologo
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
    Invoke-Cargo 'recrypt-bindgen src/ffi.rs -> bindings/Recrypt/Interop/NativeMethods.g.cs' @(
        'run', '--quiet', '--release', '--manifest-path', 'bindgen/Cargo.toml', '--',
        'src/ffi.rs', '../bindings/Recrypt/Interop/NativeMethods.g.cs')
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

# --- main ----------------------------------------------------------------------------------------

$taskActions = [ordered]@{
    setup    = { Invoke-Setup }
    build    = { Invoke-Build }
    test     = { Invoke-Test }
    run      = { Start-RecryptService }
    bench    = { Invoke-Benchmarks }
    compare  = { Invoke-Compare }
    dudect   = { Invoke-Dudect }
    package  = { Invoke-Package }
    check    = { Invoke-Check }
    generate = { Update-GeneratedFiles }
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
