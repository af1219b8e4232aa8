//! The browser entry point: hydrates the server-rendered page.
//!
//! The pages are lazily loaded routes (`app::routes`), so hydration first waits for the chunks
//! of the page on screen (`hydrate_lazy`) and then attaches to the server's HTML.

/// Called by the generated JS once the wasm has loaded.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_lazy(app::App);
}
