//! The Storedesk desktop app. Everything is in the library (`storedesk_lib::run`).

// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    storedesk_lib::run();
}
