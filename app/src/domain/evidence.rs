//! Evidence files: which types are accepted, how a file proves its type by its first bytes, how
//! an uploaded name is made safe to store and show, and what can go wrong with an upload.
//!
//! Pure: the server checks with these before storing a byte, the browser before sending one.

use serde::{Deserialize, Serialize};

/// The file types evidence may have. The set a server accepts is configured from these; a type
/// outside this list cannot be allowed because there is no content check for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FileKind {
    /// PDF document.
    Pdf,
    /// JPEG photo.
    Jpeg,
    /// PNG image.
    Png,
    /// WebP image.
    Webp,
    /// Word document (Office Open XML).
    Docx,
    /// Excel workbook (Office Open XML).
    Xlsx,
    /// PowerPoint presentation (Office Open XML).
    Pptx,
}

impl FileKind {
    /// Every kind, in the order they are listed to people.
    pub const ALL: [FileKind; 7] = [
        FileKind::Pdf,
        FileKind::Jpeg,
        FileKind::Png,
        FileKind::Webp,
        FileKind::Docx,
        FileKind::Xlsx,
        FileKind::Pptx,
    ];

    /// The canonical extension, lower case, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            FileKind::Pdf => "pdf",
            FileKind::Jpeg => "jpg",
            FileKind::Png => "png",
            FileKind::Webp => "webp",
            FileKind::Docx => "docx",
            FileKind::Xlsx => "xlsx",
            FileKind::Pptx => "pptx",
        }
    }

    /// The kind a file name's extension claims (`foto.JPEG` → JPEG).
    pub fn from_extension(ext: &str) -> Option<FileKind> {
        let ext = ext.to_ascii_lowercase();
        match ext.as_str() {
            "jpeg" | "jpe" => Some(FileKind::Jpeg),
            _ => FileKind::ALL.into_iter().find(|k| k.extension() == ext),
        }
    }

    /// The Content-Type it is served with.
    pub fn mime(self) -> &'static str {
        match self {
            FileKind::Pdf => "application/pdf",
            FileKind::Jpeg => "image/jpeg",
            FileKind::Png => "image/png",
            FileKind::Webp => "image/webp",
            FileKind::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            FileKind::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            FileKind::Pptx => {
                "application/vnd.openxmlformats-officedocument.presentationml.presentation"
            }
        }
    }

    /// The kind stored under a Content-Type.
    pub fn from_mime(mime: &str) -> Option<FileKind> {
        FileKind::ALL.into_iter().find(|k| k.mime() == mime)
    }

    /// Whether a browser shows it by itself (images and PDF open in place; the rest download).
    pub fn previews(self) -> bool {
        matches!(
            self,
            FileKind::Pdf | FileKind::Jpeg | FileKind::Png | FileKind::Webp
        )
    }

    /// Whether it is a picture (shown as a thumbnail).
    pub fn is_image(self) -> bool {
        matches!(self, FileKind::Jpeg | FileKind::Png | FileKind::Webp)
    }

    /// The `accept` attribute of a file input for these kinds.
    pub fn accept_attribute(kinds: &[FileKind]) -> String {
        let mut parts: Vec<String> = Vec::new();
        for k in kinds {
            parts.push(format!(".{}", k.extension()));
            if *k == FileKind::Jpeg {
                parts.push(".jpeg".to_owned());
            }
            parts.push(k.mime().to_owned());
        }
        parts.join(",")
    }
}

/// How many leading bytes [`sniff`] needs at most; a shorter file is sniffed whole.
pub const SNIFF_BYTES: usize = 64 * 1024;

/// The kind a file's leading bytes show, whatever its name says.
///
/// Images and PDF go by their magic numbers (via `infer`). Office Open XML files are ZIP
/// archives whose type shows only in the names of the entries: `infer` looks at the first three
/// or four entries only, and writers such as LibreOffice and rust_xlsxwriter put `docProps/`
/// and `_rels/` first, so this walks every local file header within `head` instead.
#[cfg(feature = "ssr")]
pub fn sniff(head: &[u8]) -> Option<FileKind> {
    if head.starts_with(b"PK\x03\x04") {
        return office_kind(head);
    }
    let found = infer::get(head)?;
    match found.mime_type() {
        "application/pdf" => Some(FileKind::Pdf),
        "image/jpeg" => Some(FileKind::Jpeg),
        "image/png" => Some(FileKind::Png),
        "image/webp" => Some(FileKind::Webp),
        _ => None,
    }
}

/// The Office type of a ZIP archive, from the entry names in its leading local headers.
#[cfg(feature = "ssr")]
fn office_kind(head: &[u8]) -> Option<FileKind> {
    const SIGNATURE: &[u8] = b"PK\x03\x04";
    let mut at = 0;
    while let Some(offset) = head
        .get(at..)
        .and_then(|rest| rest.windows(4).position(|w| w == SIGNATURE))
    {
        let start = at + offset;
        let name_len = head
            .get(start + 26..start + 28)
            .map(|b| usize::from(u16::from_le_bytes([b[0], b[1]])))?;
        let name = head.get(start + 30..start + 30 + name_len)?;
        if name.starts_with(b"word/") {
            return Some(FileKind::Docx);
        }
        if name.starts_with(b"xl/") {
            return Some(FileKind::Xlsx);
        }
        if name.starts_with(b"ppt/") {
            return Some(FileKind::Pptx);
        }
        at = start + 30 + name_len;
    }
    None
}

/// Longest name kept, in characters (the extension is kept whole).
pub const MAX_NAME_CHARS: usize = 180;

/// A name as uploaded, made safe: only the last path segment, no control or bidirectional
/// characters, spaces collapsed, and at most [`MAX_NAME_CHARS`] characters with the extension
/// kept. `None` when nothing is left.
pub fn clean_name(raw: &str) -> Option<String> {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or(raw);
    let mut out = String::new();
    for c in last.chars() {
        let bidi = matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}');
        if c.is_control() || bidi {
            continue;
        }
        if c.is_whitespace() {
            if !out.ends_with(' ') && !out.is_empty() {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
    let out = out.trim().trim_start_matches('.').trim().to_owned();
    if out.is_empty() {
        return None;
    }
    if out.chars().count() <= MAX_NAME_CHARS {
        return Some(out);
    }
    let (stem, ext) = split_extension(&out);
    let ext: String = ext.chars().take(10).collect();
    let keep = MAX_NAME_CHARS.saturating_sub(ext.chars().count() + 2);
    let stem: String = stem.chars().take(keep).collect();
    Some(if ext.is_empty() {
        format!("{stem}…")
    } else {
        format!("{stem}….{ext}")
    })
}

/// `("laporan.final", "pdf")` for `laporan.final.pdf`; no extension gives `""`.
pub fn split_extension(name: &str) -> (&str, &str) {
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && !ext.is_empty() => (stem, ext),
        _ => (name, ""),
    }
}

/// Why an upload or a link was refused. Every variant says what to do next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum EvidenceProblem {
    /// The form had no file in it.
    NoFile,
    /// The file has no bytes.
    Empty {
        /// Its name.
        name: String,
    },
    /// The file is larger than the per-file limit.
    TooLarge {
        /// Its name.
        name: String,
        /// The limit in bytes.
        limit: u64,
    },
    /// The tenant's storage would exceed its quota.
    Quota {
        /// Bytes still free.
        free: u64,
        /// The quota in bytes.
        quota: u64,
    },
    /// The extension is not an allowed type (or there is none).
    TypeNotAllowed {
        /// Its name.
        name: String,
        /// The allowed extensions.
        allowed: Vec<String>,
    },
    /// The content is not what the extension claims.
    ContentMismatch {
        /// Its name.
        name: String,
        /// The extension claimed.
        claimed: String,
        /// What the content is, when recognisable (an allowed extension).
        found: Option<String>,
    },
    /// The name is empty once unsafe characters are removed.
    BadName,
    /// The same file is already among this answer's evidence.
    Duplicate {
        /// The name it was uploaded under.
        name: String,
        /// When it was uploaded (RFC 3339).
        at: String,
    },
    /// The transfer broke off before the file was complete; nothing was kept.
    Interrupted,
    /// A link is not an `http(s)://` address.
    BadLink,
    /// The expiry date is before the effective date.
    ExpiresBeforeEffective,
    /// A date is not YYYY-MM-DD.
    BadDate,
}

/// Megabytes for people: `25 MB`, `1,5 MB`, `820 KB` (decimal comma).
pub fn human_size(bytes: u64) -> String {
    const KB: f64 = 1024.0;
    let b = bytes as f64;
    if b < KB {
        format!("{bytes} B")
    } else if b < KB * KB {
        format!("{} KB", super::format::decimal_id((b / KB).round(), 0))
    } else if b < KB * KB * KB {
        let mb = b / (KB * KB);
        let decimals = if mb < 10.0 { 1 } else { 0 };
        format!("{} MB", super::format::decimal_id(mb, decimals))
    } else {
        format!("{} GB", super::format::decimal_id(b / (KB * KB * KB), 1))
    }
}

/// Whether `url` is an absolute `http://` or `https://` address with a host.
pub fn valid_link(url: &str) -> bool {
    let url = url.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    match rest {
        Some(rest) => {
            let host = rest.split(['/', '?', '#']).next().unwrap_or("");
            !host.is_empty()
                && url.len() <= 2000
                && !url.chars().any(|c| c.is_whitespace() || c.is_control())
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(feature = "ssr")]
    #[test]
    fn magic_bytes_decide_not_the_name() {
        assert_eq!(sniff(b"%PDF-1.7\n%\xe2\xe3"), Some(FileKind::Pdf));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), Some(FileKind::Png));
        assert_eq!(sniff(b"\xff\xd8\xff\xe0\0\x10JFIF\0"), Some(FileKind::Jpeg));
        assert_eq!(sniff(b"RIFF\x24\0\0\0WEBPVP8 "), Some(FileKind::Webp));
        assert_eq!(sniff(b"MZ\x90\0\x03\0\0\0"), None, "a Windows program");
        assert_eq!(sniff(b"hello, I am text"), None);
        assert_eq!(sniff(b""), None);
    }

    #[cfg(feature = "ssr")]
    fn zip_entry(name: &str) -> Vec<u8> {
        let mut v = b"PK\x03\x04".to_vec();
        v.extend_from_slice(&[0u8; 22]);
        v.extend_from_slice(&(name.len() as u16).to_le_bytes());
        v.extend_from_slice(&[0, 0]);
        v.extend_from_slice(name.as_bytes());
        v.extend_from_slice(b"compressed bytes");
        v
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn office_type_from_any_entry() {
        let mut docx = Vec::new();
        for n in [
            "[Content_Types].xml",
            "_rels/.rels",
            "docProps/app.xml",
            "docProps/core.xml",
            "word/document.xml",
        ] {
            docx.extend(zip_entry(n));
        }
        assert_eq!(sniff(&docx), Some(FileKind::Docx));
        let xlsx = [
            zip_entry("[Content_Types].xml"),
            zip_entry("xl/workbook.xml"),
        ]
        .concat();
        assert_eq!(sniff(&xlsx), Some(FileKind::Xlsx));
        let pptx = zip_entry("ppt/presentation.xml");
        assert_eq!(sniff(&pptx), Some(FileKind::Pptx));
        let plain_zip = [zip_entry("foto.jpg"), zip_entry("lain.txt")].concat();
        assert_eq!(sniff(&plain_zip), None, "a plain ZIP is not a document");
        assert_eq!(sniff(b"PK\x03\x04\0\0"), None, "a truncated header");
    }

    #[test]
    fn names_are_cleaned_for_storage_but_readable() {
        assert_eq!(
            clean_name("../../etc/passwd").as_deref(),
            Some("passwd"),
            "only the last segment"
        );
        assert_eq!(
            clean_name("C:\\Users\\dewi\\Maklumat  Pelayanan.pdf").as_deref(),
            Some("Maklumat Pelayanan.pdf")
        );
        assert_eq!(
            clean_name("sk\u{0}\u{7}\nbupati\u{202E}fdp.exe").as_deref(),
            Some("skbupatifdp.exe"),
            "control and bidi characters removed"
        );
        assert_eq!(clean_name("  ...  "), None);
        assert_eq!(clean_name("/"), None);
        assert_eq!(
            clean_name("Foto ruang tunggu — Disdukcapil.jpg").as_deref(),
            Some("Foto ruang tunggu — Disdukcapil.jpg"),
            "non-ASCII kept as uploaded"
        );
        let long = format!("{}.pdf", "a".repeat(5000));
        let cleaned = clean_name(&long).unwrap();
        assert_eq!(cleaned.chars().count(), MAX_NAME_CHARS);
        assert!(cleaned.ends_with("….pdf"));
    }

    #[test]
    fn extension_claims() {
        assert_eq!(split_extension("laporan.pdf.exe"), ("laporan.pdf", "exe"));
        assert_eq!(FileKind::from_extension("exe"), None);
        assert_eq!(FileKind::from_extension("JPEG"), Some(FileKind::Jpeg));
        assert_eq!(FileKind::from_extension("Pdf"), Some(FileKind::Pdf));
        assert_eq!(split_extension(".bashrc"), (".bashrc", ""));
        assert_eq!(split_extension("tanpa-ekstensi"), ("tanpa-ekstensi", ""));
    }

    #[test]
    fn sizes_read_naturally() {
        assert_eq!(human_size(512), "512 B");
        assert_eq!(human_size(820 * 1024), "820 KB");
        assert_eq!(human_size(1_572_864), "1,5 MB");
        assert_eq!(human_size(25 * 1024 * 1024), "25 MB");
        assert_eq!(human_size(2 * 1024 * 1024 * 1024), "2,0 GB");
    }

    #[test]
    fn links_must_be_web_addresses() {
        assert!(valid_link("https://jdih.contoh.go.id/perbup/12"));
        assert!(valid_link("http://contoh.go.id"));
        assert!(!valid_link("javascript:alert(1)"));
        assert!(!valid_link("https://"));
        assert!(!valid_link("ftp://contoh.go.id/x"));
        assert!(!valid_link("https://contoh.go.id/a b"));
    }
}
