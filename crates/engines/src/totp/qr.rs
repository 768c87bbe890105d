//! The provisioning URI as a QR code (qrcodegen 1.8, error correction M), drawn as one SVG
//! path: a unit square per dark module, inside the 4-module quiet zone ISO/IEC 18004 asks for.

use qrcodegen::{QrCode, QrCodeEcc};
use serde::{Deserialize, Serialize};

/// The quiet zone around the code, in modules.
pub const BORDER: i32 = 4;

/// A QR code ready for `<svg viewBox="0 0 {view} {view}"><path d="{path}"/></svg>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QrSvg {
    /// Modules per side, without the border.
    pub size: i32,
    /// The viewBox's side: size plus the border on both sides.
    pub view: i32,
    /// Dark modules, row by row (`size * size`).
    pub modules: Vec<bool>,
    /// The path data: `M x,y h1v1h-1z` for each dark module.
    pub path: String,
}

/// The QR code of `text`, or `None` when it is too long for any QR version (2,953 bytes at M
/// is the format's limit; a provisioning URI is far shorter).
pub fn qr_svg(text: &str) -> Option<QrSvg> {
    let code = QrCode::encode_text(text, QrCodeEcc::Medium).ok()?;
    let size = code.size();
    let mut modules = Vec::with_capacity((size * size) as usize);
    let mut path = String::new();
    for y in 0..size {
        for x in 0..size {
            let dark = code.get_module(x, y);
            modules.push(dark);
            if dark {
                path.push_str(&format!("M{},{}h1v1h-1z", x + BORDER, y + BORDER));
            }
        }
    }
    Some(QrSvg { size, view: size + 2 * BORDER, modules, path })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_uri_becomes_a_square_of_modules() {
        let qr = qr_svg("otpauth://totp/Castle:king?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Castle").unwrap();
        assert_eq!(qr.modules.len(), (qr.size * qr.size) as usize);
        assert_eq!(qr.path.matches('M').count(), qr.modules.iter().filter(|d| **d).count());
        // The finder pattern's top-left corner is dark.
        assert!(qr.modules[0] && qr.path.starts_with("M4,4h1v1h-1z"));
        assert!(qr_svg(&"x".repeat(5000)).is_none());
    }
}
