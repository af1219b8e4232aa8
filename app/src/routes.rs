//! The routes' page code, split out of the main wasm bundle.
//!
//! Each page is a [`LazyRoute`](leptos_router::LazyRoute) whose view lives in its own wasm chunk
//! (`cargo leptos build --split`): the first visit downloads the app shell (router, header, i18n,
//! session) and the chunks of the page it opened, not the code of all ~40 pages. The server names
//! those chunks in `<link rel="preload">` so they arrive alongside the main bundle, and the
//! entry point (`frontend`, `hydrate_from_async`) waits for them before hydrating; later
//! navigations fetch a page's chunk once.
//! Data loading stays inside each page component (resources and server functions), so it is split
//! with the view.

use crate::pages;
use leptos::prelude::*;

/// Declares one lazily loaded route per page component: `Name => path::to::Component`.
macro_rules! lazy_pages {
    ($($route:ident => $($page:ident)::+,)*) => {
        $(
            #[doc = concat!("The lazily loaded route of `", stringify!($($page)::+), "`.")]
            pub struct $route;

            #[leptos_router::lazy_route]
            impl leptos_router::LazyRoute for $route {
                fn data() -> Self {
                    $route
                }

                fn view(_this: Self) -> AnyView {
                    view! { <$($page)::+ /> }.into_any()
                }
            }
        )*
    };
}

lazy_pages! {
    HomePageRoute => pages::home::HomePage,
    SignInPageRoute => pages::sign_in::SignInPage,
    AccountPageRoute => pages::account::AccountPage,
    ForgotPasswordPageRoute => pages::account::ForgotPasswordPage,
    ResetPasswordPageRoute => pages::account::ResetPasswordPage,
    AcceptInvitationPageRoute => pages::account::AcceptInvitationPage,
    SecondStepPageRoute => pages::two_factor::SecondStepPage,
    EnrolPageRoute => pages::two_factor::EnrolPage,
    RecoveryCodesPageRoute => pages::two_factor::RecoveryCodesPage,
    MentorPageRoute => pages::mentor::MentorPage,
    RegionalPageRoute => pages::regional::RegionalPage,
    NoticesPageRoute => pages::notices::NoticesPage,
    TenantLayoutRoute => pages::tenant::TenantLayout,
    TenantOverviewRoute => pages::tenant::TenantOverview,
    CyclesPageRoute => pages::tenant::cycles::CyclesPage,
    BoardPageRoute => pages::tenant::cycles::BoardPage,
    DashboardPageRoute => pages::tenant::dashboard::DashboardPage,
    SummaryPageRoute => pages::tenant::dashboard::SummaryPage,
    AssignPageRoute => pages::tenant::cycles::AssignPage,
    MyTasksPageRoute => pages::tenant::cycles::MyTasksPage,
    SkmPageRoute => pages::tenant::skm::SkmPage,
    SkmPeriodPageRoute => pages::tenant::skm::SkmPeriodPage,
    ItemPageRoute => pages::tenant::cycles::ItemPage,
    PackagePageRoute => pages::tenant::cycles::PackagePage,
    OrganisationPageRoute => pages::tenant::org::OrganisationPage,
    PeoplePageRoute => pages::tenant::people::PeoplePage,
    MentorAccessPageRoute => pages::tenant::mentors::MentorAccessPage,
    TenantAuditPageRoute => pages::tenant::audit::TenantAuditPage,
    AdminLayoutRoute => pages::admin::AdminLayout,
    StatusPageRoute => pages::admin::StatusPage,
    TenantsPageRoute => pages::admin::TenantsPage,
    TenantEditPageRoute => pages::admin::TenantEditPage,
    OfficesPageRoute => pages::admin::OfficesPage,
    UsersPageRoute => pages::admin::UsersPage,
    OutboxPageRoute => pages::admin::OutboxPage,
    LibraryPageRoute => pages::admin::instruments::LibraryPage,
    ComparePageRoute => pages::admin::instruments::ComparePage,
    VersionPageRoute => pages::admin::instruments::VersionPage,
    EditVersionPageRoute => pages::admin::instruments::EditVersionPage,
    PlatformAuditPageRoute => pages::admin::PlatformAuditPage,
}
