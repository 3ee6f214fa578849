//! recrypt-bindgen: writes the internal C# P/Invoke layer of the Recrypt bindings from the Rust
//! module that defines the C ABI, in the spirit of csbindgen (which cannot be obtained here).
//!
//! ```text
//! recrypt-bindgen <ffi/mod.rs> <NativeMethods.g.cs>
//! ```
//!
//! The input is parsed with `syn`; nothing is compiled or executed. The output is deterministic
//! (source order, LF line endings, no timestamps), so regenerating and diffing it detects drift.
//! Anything the generator does not understand is an error naming the item, never a silent skip.

mod csharp;
mod model;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Where the generated declarations go and which library they load.
pub struct Target {
    pub namespace: &'static str,
    pub class: &'static str,
    pub library: &'static str,
}

const TARGET: Target = Target {
    namespace: "Recrypt.Interop",
    class: "NativeMethods",
    library: "recrypt_ffi",
};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, output] = args.as_slice() else {
        eprintln!("usage: recrypt-bindgen <ffi.rs> <NativeMethods.g.cs>");
        return ExitCode::from(2);
    };
    match run(Path::new(input), Path::new(output)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("recrypt-bindgen: error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(input: &Path, output: &Path) -> Result<(), String> {
    let text = generate(input)?;
    std::fs::write(output, text).map_err(|e| format!("writing {}: {e}", output.display()))
}

/// The C# source for the C ABI defined in `input` and the modules it declares in files of their
/// own (`mod api256;`), whose items are read in place of the declaration, in source order.
fn generate(input: &Path) -> Result<String, String> {
    let file = parse_with_modules(input)?;
    let abi = model::Abi::from_file(&file).map_err(|e| format!("{}: {e}", input.display()))?;
    csharp::emit(&abi, &TARGET, &display_path(input))
}

/// Parses a module file and, recursively, the files of its out-of-line child modules (`mod x;`,
/// except `#[cfg(test)]` ones), splicing their items in where they are declared.
fn parse_with_modules(path: &Path) -> Result<syn::File, String> {
    let source =
        std::fs::read_to_string(path).map_err(|e| format!("reading {}: {e}", path.display()))?;
    let mut file =
        syn::parse_file(&source).map_err(|e| format!("parsing {}: {e}", path.display()))?;
    // Children of `dir/mod.rs` live in `dir/`, children of `dir/name.rs` in `dir/name/`.
    let parent = path.parent().unwrap_or(Path::new("."));
    let child_dir = match path.file_stem().and_then(|s| s.to_str()) {
        Some("mod") | Some("lib") | Some("main") => parent.to_path_buf(),
        Some(stem) => parent.join(stem),
        None => parent.to_path_buf(),
    };
    let mut items = Vec::with_capacity(file.items.len());
    for item in std::mem::take(&mut file.items) {
        match item {
            syn::Item::Mod(m) if m.content.is_none() && !is_cfg_test(&m.attrs) => {
                let name = m.ident.to_string();
                let flat = child_dir.join(format!("{name}.rs"));
                let nested = child_dir.join(&name).join("mod.rs");
                let child = if flat.exists() { flat } else { nested };
                items.extend(parse_with_modules(&child)?.items);
            }
            other => items.push(other),
        }
    }
    file.items = items;
    Ok(file)
}

fn is_cfg_test(attrs: &[syn::Attribute]) -> bool {
    attrs
        .iter()
        .any(|a| a.path.is_ident("cfg") && a.tokens.to_string().replace(' ', "") == "(test)")
}

/// The input path as shown in the generated header: relative to the repository root (the nearest
/// ancestor holding `.git`), with forward slashes, so the output does not depend on the working
/// directory the generator was started from.
fn display_path(input: &Path) -> String {
    let absolute = std::fs::canonicalize(input).unwrap_or_else(|_| input.to_path_buf());
    let root: Option<PathBuf> = absolute
        .ancestors()
        .skip(1)
        .find(|dir| dir.join(".git").exists())
        .map(Path::to_path_buf);
    let shown = match root {
        Some(root) => absolute
            .strip_prefix(root)
            .map(Path::to_path_buf)
            .unwrap_or(absolute),
        None => input.to_path_buf(),
    };
    shown
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The committed bindings are what the generator makes of the committed C ABI: a change to
    /// native/src/ffi/ without `build.ps1 generate` fails here, in the ordinary test run.
    #[test]
    fn the_committed_bindings_are_up_to_date() {
        let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
        let generated =
            generate(&crate_dir.join("../src/ffi/mod.rs")).expect("generation succeeds");
        let committed_path = crate_dir.join("../../bindings/Recrypt/Interop/NativeMethods.g.cs");
        let committed = std::fs::read_to_string(&committed_path).expect("committed bindings");
        assert!(
            generated == committed,
            "{} is stale: run `dotnet pwsh ./build.ps1 generate` and commit the result",
            committed_path.display()
        );
    }
}
