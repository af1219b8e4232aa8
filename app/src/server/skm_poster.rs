//! The survey's QR code (SVG for pages, PNG for chat and print shops) and its A4 poster (PDF)
//! for the service counter. `qrcode` encodes; the PNG is written with `png` from the module
//! grid, and the poster draws the modules as filled squares, so it stays sharp at any size.

use super::report::pdf::{width, win_ansi, wrap};
use super::skm::PublicForm;
use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str, TextStr};
use qrcode::{Color, EcLevel, QrCode};
use sha2::{Digest, Sha256};
use std::sync::LazyLock;

/// What [`rendered`] makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Artifact {
    /// The QR code as SVG.
    QrSvg,
    /// The QR code as PNG.
    QrPng,
    /// The A4 poster as PDF.
    Poster,
}

/// Rendered QR codes and posters, keyed by a digest of everything they are drawn from (the
/// period's public form and its URL): they are public, the same for everyone, and asked for
/// again and again (every print shop, every chat share), so each is drawn once. A changed period
/// gives another key; nothing is invalidated by hand.
static RENDERED: LazyLock<moka::sync::Cache<[u8; 32], bytes::Bytes>> = LazyLock::new(|| {
    moka::sync::Cache::builder()
        .max_capacity(64 * 1024 * 1024)
        .weigher(|_, bytes: &bytes::Bytes| u32::try_from(bytes.len()).unwrap_or(u32::MAX))
        .time_to_idle(std::time::Duration::from_secs(24 * 3600))
        .build()
});

/// `artifact` for the period `form` at `url`, drawn on the blocking pool the first time and
/// remembered after.
pub async fn rendered(
    artifact: Artifact,
    form: &PublicForm,
    url: &str,
) -> Result<bytes::Bytes, String> {
    let key: [u8; 32] = Sha256::digest(format!("{artifact:?}\n{url}\n{form:?}").as_bytes()).into();
    if let Some(hit) = RENDERED.get(&key) {
        return Ok(hit);
    }
    let (form, url) = (form.clone(), url.to_owned());
    let bytes = super::blocking::off_runtime(move || match artifact {
        Artifact::QrSvg => svg(&url).map(String::into_bytes).map_err(|e| e.to_string()),
        Artifact::QrPng => png(&url),
        Artifact::Poster => poster(&form, &url),
    })
    .await
    .map_err(|e| e.to_string())??;
    let bytes = bytes::Bytes::from(bytes);
    RENDERED.insert(key, bytes.clone());
    Ok(bytes)
}

/// Pixels per module in the PNG.
const PNG_SCALE: usize = 12;
/// Quiet zone around the code, in modules (the standard asks for four).
const QUIET: usize = 4;

/// The modules of `url` as a square grid (`true` = dark), error correction M: a poster keeps
/// scanning with some glare or a fold.
fn grid(url: &str) -> Result<(usize, Vec<bool>), qrcode::types::QrError> {
    let code = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M)?;
    let n = code.width();
    let dark = code
        .to_colors()
        .into_iter()
        .map(|c| c == Color::Dark)
        .collect();
    Ok((n, dark))
}

/// The QR code of `url` as an SVG image.
pub fn svg(url: &str) -> Result<String, qrcode::types::QrError> {
    let code = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M)?;
    Ok(code
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(240, 240)
        .quiet_zone(true)
        .build())
}

/// The QR code of `url` as a greyscale PNG.
pub fn png(url: &str) -> Result<Vec<u8>, String> {
    let (n, dark) = grid(url).map_err(|e| e.to_string())?;
    let side = (n + 2 * QUIET) * PNG_SCALE;
    let mut pixels = vec![255u8; side * side];
    for y in 0..n {
        for x in 0..n {
            if dark[y * n + x] {
                for dy in 0..PNG_SCALE {
                    let row = (y + QUIET) * PNG_SCALE + dy;
                    let start = row * side + (x + QUIET) * PNG_SCALE;
                    pixels[start..start + PNG_SCALE].fill(0);
                }
            }
        }
    }
    let mut out = Vec::new();
    {
        let side = u32::try_from(side).map_err(|e| e.to_string())?;
        let mut encoder = png::Encoder::new(&mut out, side, side);
        encoder.set_color(png::ColorType::Grayscale);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
        writer
            .write_image_data(&pixels)
            .map_err(|e| e.to_string())?;
    }
    Ok(out)
}

const PAGE_W: f32 = 595.0;
const PAGE_H: f32 = 842.0;

fn centred(content: &mut Content, text: &str, y: f32, size: f32, bold: bool) {
    let bytes: Vec<u8> = text.chars().map(win_ansi).collect();
    let x = (PAGE_W - width(text, size, bold)) / 2.0;
    content
        .begin_text()
        .set_font(Name(if bold { b"F2" } else { b"F1" }), size)
        .next_line(x.max(36.0), y)
        .show(Str(&bytes))
        .end_text();
}

/// An A4 poster: the pemda and unit, the invitation to answer, the QR code, the short address
/// and the survey code to type instead of scanning.
pub fn poster(form: &PublicForm, url: &str) -> Result<Vec<u8>, String> {
    let (n, dark) = grid(url).map_err(|e| e.to_string())?;
    let catalog = Ref::new(1);
    let pages = Ref::new(2);
    let page = Ref::new(3);
    let content_id = Ref::new(4);
    let regular = Ref::new(5);
    let bold = Ref::new(6);
    let info = Ref::new(7);

    let mut c = Content::new();
    c.set_fill_gray(0.0);
    let mut y = PAGE_H - 80.0;
    for line in wrap(&form.tenant, 16.0, false, PAGE_W - 100.0) {
        centred(&mut c, &line, y, 16.0, false);
        y -= 22.0;
    }
    y -= 8.0;
    for line in wrap(&form.unit, 26.0, true, PAGE_W - 100.0) {
        centred(&mut c, &line, y, 26.0, true);
        y -= 32.0;
    }
    y -= 10.0;
    centred(&mut c, "Bagaimana pelayanan kami hari ini?", y, 20.0, true);
    y -= 26.0;
    centred(
        &mut c,
        "Isi Survei Kepuasan Masyarakat: 9 pertanyaan, sekitar 3 menit, tanpa nama.",
        y,
        12.0,
        false,
    );
    y -= 30.0;
    // The code, 300 pt wide with its quiet zone, centred.
    let side = 300.0;
    let module = side / (n + 2 * QUIET) as f32;
    let left = (PAGE_W - side) / 2.0;
    let top = y;
    for row in 0..n {
        for col in 0..n {
            if dark[row * n + col] {
                let x = left + (col + QUIET) as f32 * module;
                let yy = top - (row + QUIET + 1) as f32 * module;
                // A hair of overlap so no seams show between modules.
                c.rect(x, yy, module + 0.05, module + 0.05);
            }
        }
    }
    c.fill_nonzero();
    y = top - side - 30.0;
    centred(
        &mut c,
        "Pindai kode QR dengan kamera ponsel, atau buka:",
        y,
        12.0,
        false,
    );
    y -= 24.0;
    centred(&mut c, url, y, 16.0, true);
    y -= 26.0;
    centred(
        &mut c,
        &format!("Kode survei: {}", form.code),
        y,
        14.0,
        false,
    );
    if form.require_code {
        y -= 22.0;
        centred(
            &mut c,
            "Masukkan kode sekali pakai yang tercetak pada tanda terima Anda.",
            y,
            11.0,
            false,
        );
    }
    c.set_fill_gray(0.35);
    centred(
        &mut c,
        &format!(
            "{} · sesuai PermenPAN-RB Nomor 14 Tahun 2017 · jawaban Anda tidak dikaitkan dengan nama",
            form.period
        ),
        60.0,
        9.0,
        false,
    );
    let stream = c.finish();

    let mut pdf = Pdf::new();
    pdf.catalog(catalog).pages(pages).lang(TextStr("id"));
    pdf.pages(pages).kids([page]).count(1);
    {
        let mut p = pdf.page(page);
        p.media_box(Rect::new(0.0, 0.0, PAGE_W, PAGE_H))
            .parent(pages)
            .contents(content_id);
        let mut resources = p.resources();
        let mut fonts = resources.fonts();
        fonts.pair(Name(b"F1"), regular);
        fonts.pair(Name(b"F2"), bold);
        fonts.finish();
    }
    pdf.stream(content_id, &stream);
    pdf.type1_font(regular)
        .base_font(Name(b"Helvetica"))
        .encoding_predefined(Name(b"WinAnsiEncoding"));
    pdf.type1_font(bold)
        .base_font(Name(b"Helvetica-Bold"))
        .encoding_predefined(Name(b"WinAnsiEncoding"));
    pdf.document_info(info)
        .title(TextStr(&format!("Poster SKM · {}", form.unit)))
        .creator(TextStr("Patuh"));
    pdf.set_file_id((form.code.as_bytes().to_vec(), form.code.as_bytes().to_vec()));
    Ok(pdf.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_png_is_a_png_with_a_quiet_zone() {
        let bytes = png("http://127.0.0.1:3000/s/ABC234").unwrap();
        assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"));
        let (n, dark) = grid("http://127.0.0.1:3000/s/ABC234").unwrap();
        assert_eq!(dark.len(), n * n);
        // Finder patterns: the three corners are dark.
        assert!(dark[0] && dark[n - 1] && dark[(n - 1) * n]);
        assert!(svg("x").unwrap().contains("<svg"));
    }
}
