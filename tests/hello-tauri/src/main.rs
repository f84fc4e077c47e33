//! Hello world in a Tauri 2 window: the baseline of the desktop startup and memory benchmark
//! (`scripts/bench-startup.sh`). The page (`dist/`) is embedded at compile time.

fn main() {
    tauri::Builder::default()
        .run(tauri::generate_context!())
        .expect("the hello-world window could not start");
}
