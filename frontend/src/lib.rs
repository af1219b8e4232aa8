//! The browser entry point: hydrates the server-rendered page.
//!
//! The pages are lazily loaded routes (`app::routes`), so hydration first waits for the chunks
//! of the page on screen and then attaches to the server's HTML.

/// Called by the generated JS once the wasm has loaded.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // `leptos::mount::hydrate_lazy`, plus the marker once the whole page (shell and the lazily
    // loaded route) is hydrated: `<body data-hydrated="true">` tells tests, and anyone debugging
    // a slow phone, that every button and form on the page is now handled in the browser. An
    // effect in the shell would run while the route's chunk is still loading.
    wasm_bindgen_futures::spawn_local(async {
        let body = leptos::prelude::document()
            .body()
            .expect("the page has a <body>");
        let owner = leptos::mount::hydrate_from_async(body.clone(), app::App).await;
        owner.forget();
        let _ = body.set_attribute("data-hydrated", "true");
    });
}
