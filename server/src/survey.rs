//! The public side of SKM: the survey form a respondent opens from the QR poster
//! (`/s/{code}`), its thank-you page, the QR code and poster files, and the published results
//! (`/publik/{slug}/skm`).
//!
//! These pages are rendered here with `maud`, not by the Leptos app: a citizen on a weak phone
//! link gets a few kilobytes of HTML and the stylesheet, no JavaScript and no wasm bundle, and
//! every page works as a plain form. Answers never get lost: a refused submission comes back
//! with everything the respondent chose still chosen.

use app::api::skm::PeriodState;
use app::domain::account::FieldProblem;
use app::domain::format::{date_id, decimal_id};
use app::domain::instrument::Band;
use app::domain::skm::{
    RawResponse, ResponseProblem, EDUCATIONS, OCCUPATIONS, SERVICE_MAX, SEXES, SUGGESTION_MAX,
};
use app::server::request::ClientAddress;
use app::server::skm::{
    public_form, public_results, submit, PublicForm, PublicResults, Submission, SubmitError,
    Submitted,
};
use app::server::skm_poster::Artifact;
use app::server::state::AppState;
use axum::extract::Path;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use governor::{DefaultKeyedRateLimiter, Quota};
use maud::{html, Markup, PreEscaped, DOCTYPE};
use std::collections::HashMap;
use std::num::NonZeroU32;
use std::sync::Arc;
use uuid::Uuid;

/// Submissions per minute allowed from one client address. Generous on purpose: a service
/// counter's tablet and everyone behind a mobile carrier's shared address look like one
/// address; a flood does not.
#[derive(Clone)]
pub struct SubmitLimiter(Arc<DefaultKeyedRateLimiter<String>>);

impl SubmitLimiter {
    /// A limiter allowing `per_minute` submissions per address (at least one).
    pub fn new(per_minute: u32) -> Self {
        let per_minute = NonZeroU32::new(per_minute.max(1)).unwrap_or(NonZeroU32::MIN);
        Self(Arc::new(governor::RateLimiter::keyed(Quota::per_minute(
            per_minute,
        ))))
    }

    fn allow(&self, address: &str) -> bool {
        self.0.check_key(&address.to_owned()).is_ok()
    }

    /// Forgets addresses that are back to a full allowance (called by the upkeep).
    pub fn prune(&self) {
        self.0.retain_recent();
    }
}

/// The frame of every public page.
fn page(title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="id" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · Patuh" }
                link rel="stylesheet" href=(format!("/pkg/{}.css", app::BUNDLE_NAME));
                link rel="icon" href="/favicon.svg" type="image/svg+xml";
            }
            body.public {
                main #isi .public-main { (body) }
            }
        }
    }
}

fn html_response(status: StatusCode, markup: Markup) -> Response {
    (
        status,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        markup.into_string(),
    )
        .into_response()
}

fn message_page(status: StatusCode, title: &str, text: &str, extra: Option<Markup>) -> Response {
    html_response(
        status,
        page(
            title,
            html! {
                section.card.narrow {
                    h1 { (title) }
                    p { (text) }
                    @if let Some(extra) = extra { (extra) }
                }
            },
        ),
    )
}

fn not_found() -> Response {
    message_page(
        StatusCode::NOT_FOUND,
        "Survei tidak ditemukan",
        "Alamat survei ini tidak dikenal. Periksa kembali tautan atau kode pada poster.",
        None,
    )
}

fn not_open_text(form: &PublicForm) -> String {
    match form.state {
        PeriodState::Scheduled => format!(
            "Survei ini baru dibuka pada {}. Silakan kembali pada tanggal tersebut.",
            date_id(form.starts_on)
        ),
        _ => format!(
            "Survei {} sudah ditutup dan tidak menerima jawaban lagi. Terima kasih atas kesediaan Anda.",
            form.period
        ),
    }
}

/// What a field's problem says to the respondent.
fn problem_text(field: &str, problem: FieldProblem) -> String {
    match (field, problem) {
        (f, FieldProblem::Required) if f.starts_with('u') => "Pilih salah satu jawaban.".into(),
        ("kode", FieldProblem::Required) => "Masukkan kode dari tanda terima Anda.".into(),
        ("kode", _) => {
            "Kode tidak dikenal atau sudah dipakai. Periksa kembali kode pada tanda terima Anda."
                .into()
        }
        ("umur", _) => "Umur diisi dengan angka antara 10 dan 110.".into(),
        ("layanan", FieldProblem::TooLong) => {
            format!("Terlalu panjang: paling banyak {SERVICE_MAX} karakter.")
        }
        ("saran", FieldProblem::TooLong) => {
            format!("Terlalu panjang: paling banyak {SUGGESTION_MAX} karakter.")
        }
        ("form", _) => {
            "Formulir ini sudah kedaluwarsa. Periksa jawaban Anda lalu kirim lagi.".into()
        }
        _ => "Isian ini tidak dikenal; pilih dari daftar.".into(),
    }
}

fn field_label(form: &PublicForm, field: &str) -> String {
    if let Some(n) = field
        .strip_prefix('u')
        .and_then(|n| n.parse::<usize>().ok())
    {
        if let Some(e) = form.elements.get(n.wrapping_sub(1)) {
            return format!("{n}. {}", e.name);
        }
    }
    match field {
        "kode" => "Kode tanda terima",
        "umur" => "Umur",
        "jenis_kelamin" => "Jenis kelamin",
        "pendidikan" => "Pendidikan terakhir",
        "pekerjaan" => "Pekerjaan utama",
        "layanan" => "Jenis layanan",
        "saran" => "Saran dan masukan",
        _ => "Formulir",
    }
    .to_owned()
}

/// The form, filled with `values` and marked with `problems`.
fn form_page(
    form: &PublicForm,
    values: &HashMap<String, String>,
    problems: &[ResponseProblem],
    alert: Option<&str>,
    token: &str,
) -> Markup {
    let value = |k: &str| values.get(k).map(String::as_str).unwrap_or_default();
    let problem = |k: &str| {
        problems
            .iter()
            .find(|(f, _)| f == k)
            .map(|(f, p)| problem_text(f, *p))
    };
    let select = |name: &str, label: &str, options: &[(&str, &str)]| {
        let chosen = value(name);
        html! {
            div.field {
                label for=(name) { (label) " " span.muted.small { "(boleh dikosongkan)" } }
                select id=(name) name=(name) {
                    option value="" { "—" }
                    @for (code, text) in options {
                        option value=(code) selected[chosen == *code] { (text) }
                    }
                }
                @if let Some(p) = problem(name) { p.field-error { (p) } }
            }
        }
    };
    page(
        &format!("Survei Kepuasan Masyarakat · {}", form.unit),
        html! {
            section.card.narrow.survey {
                p.muted { (form.tenant) " · " (form.opd) }
                h1 { "Survei Kepuasan Masyarakat" }
                p.lead { strong { (form.unit) } }
                p { "Bantu kami memperbaiki pelayanan. Ada " (form.elements.len())
                    " pertanyaan tentang pelayanan yang baru Anda terima; jawaban tidak dikaitkan dengan nama Anda." }
                @if let Some(alert) = alert {
                    div.alert role="alert" { p { (alert) } }
                }
                @if !problems.is_empty() {
                    div.alert role="alert" tabindex="-1" #kesalahan {
                        p { strong { "Periksa kembali isian berikut:" } }
                        ul {
                            @for (f, p) in problems {
                                li { a href=(format!("#f-{f}")) { (field_label(form, f)) } ": " (problem_text(f, *p)) }
                            }
                        }
                    }
                }
                form method="post" action=(format!("/s/{}", form.code)) {
                    input type="hidden" name="token" value=(token);
                    @if form.require_code {
                        div.field #f-kode {
                            label for="kode" { "Kode pada tanda terima" }
                            input #kode name="kode" value=(value("kode")) autocomplete="off" autocapitalize="characters" required maxlength="16";
                            @if let Some(p) = problem("kode") { p.field-error { (p) } }
                        }
                    }
                    @for (i, e) in form.elements.iter().enumerate() {
                        @let name = format!("u{}", i + 1);
                        @let chosen = value(&name).to_owned();
                        fieldset.question #(format!("f-{name}")) {
                            legend { span.qnum { (i + 1) ". " } strong { (e.name) } br; (e.question) }
                            @for (n, label) in e.labels.iter().enumerate() {
                                @let v = (n + 1).to_string();
                                label.choice {
                                    input type="radio" name=(name) value=(v) required[n == 0] checked[chosen == v];
                                    " " (label)
                                }
                            }
                            @if let Some(p) = problem(&name) { p.field-error { (p) } }
                        }
                    }
                    fieldset.profile {
                        legend { strong { "Tentang Anda" } " " span.muted.small { "(boleh dikosongkan)" } }
                        div.field #f-umur {
                            label for="umur" { "Umur (tahun)" }
                            input #umur name="umur" type="number" inputmode="numeric" min="10" max="110" value=(value("umur"));
                            @if let Some(p) = problem("umur") { p.field-error { (p) } }
                        }
                        div.field #f-jenis_kelamin {
                            span.label { "Jenis kelamin" }
                            @for (code, text) in SEXES {
                                label.choice {
                                    input type="radio" name="jenis_kelamin" value=(code) checked[value("jenis_kelamin") == code];
                                    " " (text)
                                }
                            }
                            @if let Some(p) = problem("jenis_kelamin") { p.field-error { (p) } }
                        }
                        div #f-pendidikan { (select("pendidikan", "Pendidikan terakhir", &EDUCATIONS)) }
                        div #f-pekerjaan { (select("pekerjaan", "Pekerjaan utama", &OCCUPATIONS)) }
                        div.field #f-layanan {
                            label for="layanan" { "Jenis layanan yang Anda terima" }
                            input #layanan name="layanan" list="daftar-layanan" maxlength=(SERVICE_MAX) value=(value("layanan"));
                            @if !form.services.is_empty() {
                                datalist #daftar-layanan {
                                    @for s in &form.services { option value=(s) {} }
                                }
                            }
                            @if let Some(p) = problem("layanan") { p.field-error { (p) } }
                        }
                    }
                    div.field #f-saran {
                        label for="saran" { "Saran dan masukan untuk perbaikan pelayanan" }
                        textarea #saran name="saran" rows="4" maxlength=(SUGGESTION_MAX) { (value("saran")) }
                        @if let Some(p) = problem("saran") { p.field-error { (p) } }
                    }
                    // People never see this field; automated senders fill it in.
                    div.hp aria-hidden="true" {
                        label for="situs_web" { "Jangan diisi" }
                        input #situs_web name="situs_web" tabindex="-1" autocomplete="off";
                    }
                    button.button-primary type="submit" { "Kirim jawaban" }
                }
                p.muted.small { (form.period) " · Hasil survei diumumkan di "
                    a href=(format!("/publik/{}/skm", form.slug)) { "halaman hasil SKM " (form.tenant) } "." }
            }
        },
    )
}

fn new_token() -> String {
    Uuid::new_v4().simple().to_string()
}

/// `GET /s/{code}`: the survey form (or why it cannot be answered now).
pub async fn form(Extension(state): Extension<AppState>, Path(code): Path<String>) -> Response {
    match public_form(&state.db, &code).await {
        Ok(form) if form.state.is_open() => html_response(
            StatusCode::OK,
            form_page(&form, &HashMap::new(), &[], None, &new_token()),
        ),
        Ok(form) => message_page(
            StatusCode::OK,
            "Survei Kepuasan Masyarakat",
            &not_open_text(&form),
            Some(results_link(&form)),
        ),
        Err(app::server::error::ServiceError::NotFound) => not_found(),
        Err(e) => {
            tracing::error!(error = %e, "survey form failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

fn results_link(form: &PublicForm) -> Markup {
    html! { p { a href=(format!("/publik/{}/skm", form.slug)) { "Lihat hasil survei yang sudah diumumkan" } } }
}

/// `POST /s/{code}`: stores a response, then shows the thank-you page; a refused one comes back
/// with the answers still chosen and each problem marked.
pub async fn answer(
    Extension(state): Extension<AppState>,
    Extension(limiter): Extension<SubmitLimiter>,
    Extension(ClientAddress(address)): Extension<ClientAddress>,
    Path(code): Path<String>,
    Form(values): Form<HashMap<String, String>>,
) -> Response {
    // Refused before any database work: a flood costs the server a map lookup per request.
    if !limiter.allow(&address) {
        return too_many(&code, &values);
    }
    let form = match public_form(&state.db, &code).await {
        Ok(f) => f,
        Err(app::server::error::ServiceError::NotFound) => return not_found(),
        Err(e) => {
            tracing::error!(error = %e, "survey form failed");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let token = values
        .get("token")
        .cloned()
        .filter(|t| !t.is_empty())
        .unwrap_or_else(new_token);
    let get = |k: &str| values.get(k).cloned().unwrap_or_default();
    let submission = Submission {
        raw: RawResponse {
            answers: (1..=form.elements.len())
                .map(|i| get(&format!("u{i}")))
                .collect(),
            age: get("umur"),
            sex: get("jenis_kelamin"),
            education: get("pendidikan"),
            occupation: get("pekerjaan"),
            service: get("layanan"),
            suggestion: get("saran"),
        },
        one_time_code: get("kode"),
        token: token.clone(),
        honeypot: get("situs_web"),
        address,
    };
    match submit(&state.db, submission, &code).await {
        Ok(Submitted::Accepted | Submitted::AlreadyReceived | Submitted::Ignored) => {
            Redirect::to(&format!("/s/{}/terima-kasih", form.code)).into_response()
        }
        Err(SubmitError::NotFound) => not_found(),
        Err(SubmitError::NotOpen(_)) => message_page(
            StatusCode::GONE,
            "Survei sudah ditutup",
            &not_open_text(&form),
            Some(results_link(&form)),
        ),
        Err(SubmitError::Problems(problems)) => {
            let fresh = if problems.iter().any(|(f, _)| f == "form") {
                new_token()
            } else {
                token
            };
            html_response(
                StatusCode::UNPROCESSABLE_ENTITY,
                form_page(&form, &values, &problems, None, &fresh),
            )
        }
        Err(SubmitError::CodeInvalid) => html_response(
            StatusCode::UNPROCESSABLE_ENTITY,
            form_page(
                &form,
                &values,
                &[("kode".to_owned(), FieldProblem::Invalid)],
                None,
                &token,
            ),
        ),
        Err(SubmitError::Duplicate) => message_page(
            StatusCode::CONFLICT,
            "Jawaban ini sudah kami terima",
            "Jawaban yang sama persis sudah terkirim dari perangkat ini beberapa saat lalu, jadi tidak kami hitung dua kali. Tidak perlu mengirim lagi. Terima kasih!",
            Some(results_link(&form)),
        ),
        Err(SubmitError::Service(e)) => {
            tracing::error!(error = %e, "storing a survey response failed");
            html_response(
                StatusCode::SERVICE_UNAVAILABLE,
                form_page(
                    &form,
                    &values,
                    &[],
                    Some("Maaf, jawaban Anda belum tersimpan karena gangguan di server. Jawaban Anda masih ada di formulir ini: coba tekan Kirim lagi sebentar lagi."),
                    &token,
                ),
            )
        }
    }
}

/// The answer to a submission over the address's rate: a small page, made without touching the
/// database, that keeps every answer (as hidden fields) and sends them again with one tap once
/// the minute has passed.
fn too_many(code: &str, values: &HashMap<String, String>) -> Response {
    let mut res = html_response(
        StatusCode::TOO_MANY_REQUESTS,
        page(
            "Tunggu sebentar",
            html! {
                section.card.narrow {
                    h1 { "Tunggu sebentar" }
                    p role="alert" {
                        "Terlalu banyak kiriman dari jaringan Anda dalam waktu singkat. Tunggu \
                         sekitar satu menit, lalu tekan Kirim lagi. Jawaban Anda tidak hilang: \
                         semuanya masih tersimpan di halaman ini."
                    }
                    form method="post" action=(format!("/s/{code}")) {
                        @for (name, value) in values.iter().take(64) {
                            input type="hidden" name=(name) value=(value);
                        }
                        button.button-primary type="submit" { "Kirim lagi" }
                    }
                }
            },
        ),
    );
    res.headers_mut().insert(
        header::RETRY_AFTER,
        axum::http::HeaderValue::from_static("60"),
    );
    res
}

/// `GET /s/{code}/terima-kasih`.
pub async fn thanks(Extension(state): Extension<AppState>, Path(code): Path<String>) -> Response {
    match public_form(&state.db, &code).await {
        Ok(form) => message_page(
            StatusCode::OK,
            "Terima kasih!",
            &format!(
                "Jawaban Anda untuk {} sudah kami terima. Masukan Anda membantu {} memperbaiki pelayanannya.",
                form.unit, form.tenant
            ),
            Some(results_link(&form)),
        ),
        Err(_) => not_found(),
    }
}

fn form_url(state: &AppState, code: &str) -> String {
    format!("{}/s/{code}", state.settings.public_url)
}

async fn file(state: &AppState, code: &str, artifact: Artifact) -> Response {
    let form = match public_form(&state.db, code).await {
        Ok(f) => f,
        Err(_) => return not_found(),
    };
    let url = form_url(state, &form.code);
    let (content_type, name) = match artifact {
        Artifact::QrSvg => ("image/svg+xml", None),
        Artifact::QrPng => ("image/png", Some(format!("qr-skm-{}.png", form.code))),
        Artifact::Poster => (
            "application/pdf",
            Some(format!("poster-skm-{}.pdf", form.code)),
        ),
    };
    match app::server::skm_poster::rendered(artifact, &form, &url).await {
        Ok(bytes) => {
            let mut res = (
                [
                    (header::CONTENT_TYPE, content_type.to_owned()),
                    (header::CACHE_CONTROL, "public, max-age=3600".to_owned()),
                ],
                bytes,
            )
                .into_response();
            if let Some(name) = name {
                if let Ok(v) = format!("attachment; filename=\"{name}\"").parse() {
                    res.headers_mut().insert(header::CONTENT_DISPOSITION, v);
                }
            }
            res
        }
        Err(e) => {
            tracing::error!(error = %e, "survey QR/poster failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// `GET /s/{code}/qr.svg`.
pub async fn qr_svg(Extension(state): Extension<AppState>, Path(code): Path<String>) -> Response {
    file(&state, &code, Artifact::QrSvg).await
}

/// `GET /s/{code}/qr.png`.
pub async fn qr_png(Extension(state): Extension<AppState>, Path(code): Path<String>) -> Response {
    file(&state, &code, Artifact::QrPng).await
}

/// `GET /s/{code}/poster.pdf`.
pub async fn poster(Extension(state): Extension<AppState>, Path(code): Path<String>) -> Response {
    file(&state, &code, Artifact::Poster).await
}

fn ikm_cell(ikm: Option<f64>, band: Option<&Band>) -> Markup {
    html! {
        @match ikm {
            Some(v) => {
                strong.score { (decimal_id(v, 2)) }
                @if let Some(b) = band { " " span.badge { "Mutu " (b.code) " · " (b.name_id) } }
            }
            None => span.muted { "–" }
        }
    }
}

fn results_page(r: &PublicResults, single_unit: bool) -> Markup {
    let title = if single_unit {
        r.units
            .first()
            .map(|u| format!("Hasil SKM {}", u.unit))
            .unwrap_or_default()
    } else {
        format!("Hasil Survei Kepuasan Masyarakat {}", r.tenant)
    };
    page(
        &title,
        html! {
            section.card {
                p.muted { (r.tenant) " · " (r.province) }
                h1 { (title) }
                p { "Indeks Kepuasan Masyarakat (IKM) dihitung sesuai PermenPAN-RB Nomor 14 Tahun 2017: nilai rata-rata setiap unsur (NRR) dikalikan bobot yang sama (1/9), lalu dikalikan 25. Hasil diumumkan setelah periode survei berakhir." }
                @if single_unit {
                    p { a href=(format!("/publik/{}/skm", r.slug)) { "← Semua unit layanan " (r.tenant) } }
                }
            }
            @if r.units.is_empty() {
                section.card { p.muted { "Belum ada periode survei yang selesai." } }
            }
            @if !single_unit && !r.by_year.is_empty() {
                section.card {
                    h2 { "IKM per tahun" }
                    div.table-wrap {
                        table.stack-table {
                            thead { tr { th scope="col" { "Tahun" } th scope="col" { "Pemda / OPD / unit" } th.num scope="col" { "Responden" } th scope="col" { "IKM" } } }
                            tbody {
                                @for row in &r.by_year {
                                    tr class=(format!("level-{}", row.level)) {
                                        td data-label="Tahun" { (row.year) }
                                        td data-label="Nama" { @if row.level == "unit" { "↳ " } (row.name) }
                                        td.num data-label="Responden" { (row.respondents) }
                                        td data-label="IKM" { (ikm_cell(row.ikm, row.band.as_ref())) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            @for u in &r.units {
                section.card {
                    h2 {
                        @if single_unit { (u.unit) } @else { a href=(format!("/publik/{}/skm/{}", r.slug, u.unit_id)) { (u.unit) } }
                    }
                    p.muted { (u.opd) }
                    @for (n, p) in u.periods.iter().enumerate() {
                        @if single_unit || n == 0 {
                            h3 { (p.name) }
                            p.small.muted { (date_id(p.starts_on)) " – " (date_id(p.ends_on)) " · " (p.respondents) " responden" }
                            p { "IKM: " (ikm_cell(p.ikm, p.band.as_ref())) }
                            @if !p.elements.is_empty() {
                                div.table-wrap {
                                    table.stack-table {
                                        thead { tr { th scope="col" { "Unsur" } th.num scope="col" { "NRR" } th.num scope="col" { "NRR × 25" } th scope="col" { "Mutu" } } }
                                        tbody {
                                            @for e in &p.elements {
                                                tr.priority[e.priority] {
                                                    td data-label="Unsur" { (e.code) " " (e.name) @if e.priority { " " span.badge.warn { "prioritas perbaikan" } } }
                                                    td.num data-label="NRR" { (decimal_id(e.nrr, 3)) }
                                                    td.num data-label="NRR × 25" { (decimal_id(e.converted, 2)) }
                                                    td data-label="Mutu" { @if let Some(b) = &e.band { (b.code) } }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                            @if !p.followups.is_empty() {
                                h4 { "Rencana tindak lanjut" }
                                ul.plain-list {
                                    @for f in &p.followups {
                                        li {
                                            strong { (f.element) " " (f.element_name) } ": " (f.action)
                                            br;
                                            span.muted.small { (f.owner) @if let Some(d) = &f.due_label { " · tenggat " (d) } " · " (f.status_label) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            p.muted.small { "Dipublikasikan melalui Patuh. " (PreEscaped("&middot;")) " Data responden tidak ditampilkan." }
        },
    )
}

/// `GET /publik/{slug}/skm`: the pemda's published SKM results.
pub async fn published(
    Extension(state): Extension<AppState>,
    Path(slug): Path<String>,
) -> Response {
    match public_results(&state.db, &slug, None).await {
        Ok(r) => html_response(StatusCode::OK, results_page(&r, false)),
        Err(app::server::error::ServiceError::NotFound) => message_page(
            StatusCode::NOT_FOUND,
            "Tidak ditemukan",
            "Pemerintah daerah ini tidak dikenal.",
            None,
        ),
        Err(e) => {
            tracing::error!(error = %e, "published SKM results failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// `GET /publik/{slug}/skm/{unit}`: one unit's published SKM results, every finished period.
pub async fn published_unit(
    Extension(state): Extension<AppState>,
    Path((slug, unit)): Path<(String, String)>,
) -> Response {
    let Ok(unit) = unit.parse::<Uuid>() else {
        return not_found();
    };
    match public_results(&state.db, &slug, Some(unit)).await {
        Ok(r) => html_response(StatusCode::OK, results_page(&r, true)),
        Err(app::server::error::ServiceError::NotFound) => message_page(
            StatusCode::NOT_FOUND,
            "Tidak ditemukan",
            "Unit layanan ini belum mengumumkan hasil survei.",
            None,
        ),
        Err(e) => {
            tracing::error!(error = %e, "published SKM results failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
