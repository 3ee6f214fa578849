//! The fuzz harness (fuzz/harness.c) replayed without libFuzzer over the committed seed corpus
//! (fuzz/corpus) and every regression input (fuzz/regressions: each crash `build.ps1 fuzz` ever
//! found), against the library this test run built. A crash, a panic status or a broken invariant
//! aborts the replay and fails this test.

use std::path::Path;
use std::process::Command;

#[test]
fn the_seed_corpus_and_every_fuzz_regression_input_replay_cleanly() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let lib_dir = std::env::current_exe()
        .unwrap()
        .ancestors()
        .skip(1)
        .take(2)
        .find(|dir| dir.join("librecrypt_ffi.so").exists())
        .expect("the cdylib next to the test binary")
        .to_path_buf();
    let out_dir = std::env::temp_dir().join(format!("recrypt-fuzz-replay-{}", std::process::id()));
    std::fs::create_dir_all(&out_dir).unwrap();
    let exe = out_dir.join("replay");
    let status = Command::new("cc")
        .args(["-std=c99", "-O1", "-Wall", "-Wextra", "-Werror", "-I"])
        .arg(manifest.join("include"))
        .arg("-I")
        .arg(manifest.join("fuzz"))
        .arg(manifest.join("fuzz/harness.c"))
        .arg(manifest.join("fuzz/replay.c"))
        .arg("-L")
        .arg(&lib_dir)
        .args(["-lrecrypt_ffi", "-o"])
        .arg(&exe)
        .status()
        .expect("a C compiler");
    assert!(status.success(), "cc failed");
    let corpus = manifest.join("fuzz/corpus");
    let regressions = manifest.join("fuzz/regressions");
    let run = Command::new(&exe)
        .env("LD_LIBRARY_PATH", &lib_dir)
        .arg(&corpus)
        .arg(&regressions)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        run.status.success(),
        "the replay failed; the last input named is the culprit:\n{stderr}"
    );
    let expected = std::fs::read_dir(&corpus).unwrap().count()
        + std::fs::read_dir(&regressions)
            .unwrap()
            .filter(|e| {
                !e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .starts_with('.')
            })
            .count();
    assert_eq!(
        String::from_utf8_lossy(&run.stdout).trim(),
        format!("replayed {expected} inputs")
    );
    std::fs::remove_dir_all(&out_dir).ok();
}
