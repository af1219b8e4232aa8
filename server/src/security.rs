//! Security middleware: response headers with a per-request CSP nonce, the cross-site request
//! guard, and the client address for throttling and the audit log.

use app::server::request::ClientAddress;
use axum::extract::{ConnectInfo, Request};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use leptos::nonce::Nonce;
use std::net::SocketAddr;

/// Adds the security headers. The Content-Security-Policy allows only our own scripts plus the
/// inline hydration script carrying this request's nonce, and wasm compilation.
pub async fn headers(mut req: Request, next: Next) -> Response {
    let nonce = Nonce::new();
    req.extensions_mut().insert(nonce.clone());
    let mut res = next.run(req).await;
    let csp = format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; \
         object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    );
    let h = res.headers_mut();
    // A response with its own policy (evidence files) keeps it.
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        if let Ok(value) = HeaderValue::from_str(&csp) {
            h.insert(header::CONTENT_SECURITY_POLICY, value);
        }
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    h.insert(
        "permissions-policy",
        HeaderValue::from_static("geolocation=(), microphone=(), interest-cohort=()"),
    );
    res
}

/// Refuses state-changing requests that a browser marks as coming from another site.
///
/// The rule is the one Go 1.25's `http.CrossOriginProtection` and Rails use: trust the
/// browser's `Sec-Fetch-Site`, else compare `Origin` with `Host`; requests with neither header
/// do not come from a browser and cannot ride on a victim's cookies. Hand-written because the
/// axum CSRF crates need a token in every form, which our no-JavaScript forms would then have to
/// thread through every server function; SameSite=Lax cookies are the second layer.
pub async fn cross_site_guard(req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    let headers = req.headers();
    let allowed = if let Some(site) = headers.get("sec-fetch-site") {
        matches!(site.as_bytes(), b"same-origin" | b"none")
    } else if let Some(origin) = headers.get(header::ORIGIN) {
        let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
        let origin_host = origin
            .to_str()
            .ok()
            .and_then(|o| url::Url::parse(o).ok())
            .map(|u| match u.port() {
                Some(port) => format!("{}:{port}", u.host_str().unwrap_or_default()),
                None => u.host_str().unwrap_or_default().to_owned(),
            });
        matches!((host, origin_host), (Some(h), Some(o)) if h == o)
    } else {
        true
    };
    if allowed {
        next.run(req).await
    } else {
        tracing::warn!(method = %req.method(), uri = %req.uri(), "cross-site request refused");
        (
            StatusCode::FORBIDDEN,
            Html(crate::pages::plain_page(
                "Permintaan ditolak · Request refused",
                "Permintaan ini datang dari situs lain dan ditolak demi keamanan akun Anda. \
                 Buka Patuh langsung lalu ulangi.",
                "This request came from another site and was refused to protect your account. \
                 Open Patuh directly and try again.",
                None,
            )),
        )
            .into_response()
    }
}

/// The proxies whose `X-Forwarded-For` is believed (see `Config::trusted_proxies`).
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(pub std::sync::Arc<Vec<std::net::IpAddr>>);

/// Puts the client's address into the request for throttling and the audit log: the peer, or,
/// when the peer is a trusted proxy, the nearest address in `X-Forwarded-For` that is not one of
/// the trusted proxies (each proxy appends the address it saw, so anything left of that entry
/// may be made up by the client). Hand-written because it is a dozen lines over the header and
/// the crates for it tie the choice to their own extractor types.
pub async fn client_address(mut req: Request, next: Next) -> Response {
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip());
    let trusted = req
        .extensions()
        .get::<TrustedProxies>()
        .cloned()
        .unwrap_or_default();
    let address = match peer {
        Some(ip) => client_behind(ip, req.headers(), &trusted.0).to_string(),
        None => "unknown".to_owned(),
    };
    req.extensions_mut().insert(ClientAddress(address));
    next.run(req).await
}

/// The client of a request from `peer` with `headers`, given the trusted proxies.
fn client_behind(
    peer: std::net::IpAddr,
    headers: &axum::http::HeaderMap,
    trusted: &[std::net::IpAddr],
) -> std::net::IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    let forwarded: Vec<std::net::IpAddr> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|a| a.trim().parse().ok())
        .collect();
    forwarded
        .into_iter()
        .rev()
        .find(|a| !trusted.contains(a))
        .unwrap_or(peer)
}

#[cfg(test)]
mod tests {
    use super::client_behind;
    use axum::http::HeaderMap;

    fn headers(xff: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert("x-forwarded-for", xff.parse().unwrap());
        h
    }

    #[test]
    fn forwarded_addresses_count_only_from_a_trusted_proxy() {
        let proxy = "10.0.0.5".parse().unwrap();
        let client = "36.80.1.2".parse().unwrap();
        // Directly connected: the header is the client's own claim and is ignored.
        assert_eq!(client_behind(client, &headers("1.2.3.4"), &[proxy]), client);
        // Through the proxy: the address the proxy appended, not what the client wrote before it.
        assert_eq!(
            client_behind(proxy, &headers("1.2.3.4, 36.80.1.2"), &[proxy]),
            client
        );
        // A proxy without the header: the proxy itself.
        assert_eq!(client_behind(proxy, &HeaderMap::new(), &[proxy]), proxy);
    }
}
