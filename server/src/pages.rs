//! Pages the server answers without the Leptos app: refusals and the 500 page. Plain HTML in
//! both languages, no scripts, so they render whatever state the app is in.

use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};

/// Escapes text for HTML.
fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A minimal bilingual page: a title, the Indonesian text, the English text and an optional
/// request id.
pub fn plain_page(title: &str, id_text: &str, en_text: &str, request_id: Option<&str>) -> String {
    let rid = request_id
        .map(|r| {
            format!(
                "<p>Kode permintaan / Request id: <code>{}</code></p>",
                esc(r)
            )
        })
        .unwrap_or_default();
    format!(
        "<!DOCTYPE html><html lang=\"id\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{t}</title><link rel=\"stylesheet\" href=\"/pkg/{b}.css\">\
         <link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\"></head>\
         <body><main id=\"isi\" class=\"card narrow\"><h1>{t}</h1><p>{i}</p>\
         <p lang=\"en\">{e}</p>{rid}<p><a href=\"/\">Beranda / Home</a></p></main></body></html>",
        t = esc(title),
        b = app::BUNDLE_NAME,
        i = esc(id_text),
        e = esc(en_text),
    )
}

/// Marks a response produced by the panic handler, so [`friendly_errors`] can replace it.
#[derive(Clone, Copy, Debug)]
pub struct Panicked;

/// The panic handler: logs and answers 500 (the page itself comes from [`friendly_errors`]).
pub fn on_panic(err: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let detail = err
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| err.downcast_ref::<&str>().copied())
        .unwrap_or("unknown panic");
    tracing::error!(panic = %detail, "request handler panicked");
    let mut res = StatusCode::INTERNAL_SERVER_ERROR.into_response();
    res.extensions_mut().insert(Panicked);
    res
}

/// Turns a bare 500 (a panic) into the friendly page with the request id; never internals.
pub async fn friendly_errors(req: Request, next: Next) -> Response {
    let request_id = req
        .headers()
        .get(app::server::request::REQUEST_ID_HEADER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-")
        .to_owned();
    let res = next.run(req).await;
    if res.extensions().get::<Panicked>().is_none() {
        return res;
    }
    let mut page = (
        StatusCode::INTERNAL_SERVER_ERROR,
        Html(plain_page(
            "Terjadi kesalahan · Something went wrong",
            "Maaf, server mengalami kesalahan. Tidak ada data Anda yang hilang; coba lagi sebentar \
             lagi. Jika berulang, sampaikan kode permintaan di bawah kepada pengelola.",
            "Sorry, the server ran into an error. None of your data was lost; try again shortly. \
             If it keeps happening, give the request id below to the administrators.",
            Some(&request_id),
        )),
    )
        .into_response();
    page.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    page
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::routing::get;
    use axum::{middleware, Router};
    use tower::ServiceExt;
    use tower_http::catch_panic::CatchPanicLayer;
    use tower_http::request_id::{MakeRequestUuid, SetRequestIdLayer};

    #[tokio::test]
    async fn a_panic_becomes_the_friendly_page_with_the_request_id_and_no_internals() {
        let app = Router::new()
            .route(
                "/rusak",
                get(|| async {
                    if true {
                        panic!("SELECT secret FROM users")
                    }
                    "tidak terjangkau"
                }),
            )
            .layer(CatchPanicLayer::custom(on_panic))
            .layer(middleware::from_fn(friendly_errors))
            .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid));
        let res = app
            .oneshot(
                axum::http::Request::get("/rusak")
                    .body(axum::body::Body::empty())
                    .unwrap(),
            )
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let body = axum::body::to_bytes(res.into_body(), 1 << 20)
            .await
            .unwrap();
        let body = String::from_utf8_lossy(&body);
        assert!(body.contains("Terjadi kesalahan"));
        assert!(body.contains("Kode permintaan / Request id: <code>"));
        assert!(
            !body.contains("<code>-</code>"),
            "the real request id is shown"
        );
        assert!(!body.contains("SELECT"), "internals never reach the page");
    }
}
