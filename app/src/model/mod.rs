//! Data shapes that cross between the server and the browser, below both the services and the
//! server functions (neither layer owns them).

pub mod time;
pub mod two_factor;
