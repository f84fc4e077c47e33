//! tauri-build for the hello-world baseline: reads `tauri.conf.json` and `capabilities/` beside this file.

fn main() {
    tauri_build::build();
}
