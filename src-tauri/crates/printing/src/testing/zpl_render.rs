//! What a thermal printer would print from ZPL, scanned like a carrier's scanner would: the label is rendered by
//! zebrash, an independent ZPL renderer (the npm package `zpl-renderer-js`, pinned in `tests/zpl-render/` and
//! installed by `scripts/setup.sh`), and its barcodes are read by `zbarimg`. Nothing here re-encodes field data.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const SETUP: &str =
    "run scripts/setup.sh (it installs the ZPL renderer in tests/zpl-render/ and zbar-tools)";

/// `tests/zpl-render/` at the repository root: `render.mjs` and its `node_modules`.
pub fn zpl_renderer_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../tests/zpl-render")
}

/// Renders one ZPL label (`^XA … ^XZ`) to `png` at `dpi` (203, 300 or 600), one pixel per dot, sized by the
/// job's `^PW`/`^LL`. Panics, never skips, when Node.js or the renderer is missing or the renderer fails.
pub fn render_zpl(zpl: &[u8], dpi: u32, png: &Path) {
    let dir = zpl_renderer_dir();
    assert!(
        dir.join("node_modules/zpl-renderer-js/package.json")
            .is_file(),
        "the ZPL renderer is not installed in {}: {SETUP}",
        dir.display()
    );
    let mut child = Command::new("node")
        .arg(dir.join("render.mjs"))
        .args(["--dpi", &dpi.to_string(), "-"])
        .arg(png)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("`node` could not run ({e}): {SETUP}"));
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(zpl)
        .expect("the ZPL renderer reads its input");
    let out = child.wait_with_output().expect("the ZPL renderer runs");
    assert!(
        out.status.success() && png.is_file(),
        "the ZPL renderer failed ({}): {}\nZPL:\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(zpl)
    );
}

/// Every symbol `zbarimg` reads in an image, as `(symbology, data)`: `("CODE-128", "PCL-000123-2")`,
/// `("QR-Code", …)`. Nothing read is an empty list (zbarimg's exit 4); the caller's assertion says what was
/// expected.
pub fn zbar_symbols(image: &Path) -> Vec<(String, String)> {
    let out = Command::new("zbarimg")
        .arg("-q")
        .arg(image)
        .output()
        .unwrap_or_else(|e| panic!("`zbarimg` could not run ({e}): {SETUP}"));
    assert!(
        out.status.success() || out.status.code() == Some(4),
        "zbarimg {} failed: {}",
        image.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .expect("zbar output is UTF-8")
        .lines()
        .filter_map(|l| l.split_once(':'))
        .map(|(kind, data)| (kind.to_string(), data.to_string()))
        .collect()
}

/// Renders one ZPL label at `dpi` in a temporary directory and returns what `zbarimg` reads on it.
pub fn scan_zpl(zpl: &[u8], dpi: u32) -> Vec<(String, String)> {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let png = dir.path().join("label.png");
    render_zpl(zpl, dpi, &png);
    zbar_symbols(&png)
}

/// The data of the `kind` symbol (`CODE-128`, `QR-Code`) in `symbols`, failing with everything that was read.
pub fn symbol(symbols: &[(String, String)], kind: &str) -> String {
    symbols
        .iter()
        .find(|(k, _)| k == kind)
        .map(|(_, d)| d.clone())
        .unwrap_or_else(|| panic!("no {kind} symbol decoded; zbarimg read {symbols:?}"))
}
