//! Evaluation cycles of a pemda: the list and the new-cycle form (`/t/{slug}/siklus`), the board
//! (`/siklus/{id}`), assignment (`/siklus/{id}/penugasan`), "my tasks" (`/tugas`), one item
//! (`/butir/{id}`) and an OPD's work package (`/paket/{id}`).

use super::use_slug;
use crate::api::cycles::{
    get_assign_options, get_board, get_cycle_options, get_cycles, get_item, get_my_tasks,
    get_package, AssignBulk, AssignmentRow, CreateCycle, EventRow, Projection, ReassignPerson,
    ReopenPackage, SaveAnswer, SetCycleStatus, SubmitPackage, UpdateCycle,
};
use crate::api::ApiError;
use crate::components::error_text::ErrorText;
use crate::components::ui::{ActionError, Done, FieldError, TextArea};
use crate::domain::cycle::{CycleStatus, PackageStatus};
use crate::domain::format::decimal_id;
use crate::domain::format::iso_date_id;
use crate::domain::instrument::{Answer, AnswerType};
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use uuid::Uuid;

pub(super) fn id_param() -> Memo<Option<Uuid>> {
    let params = use_params_map();
    Memo::new(move |_| params.read().get("id").and_then(|s| s.parse::<Uuid>().ok()))
}

fn percent(part: usize, total: usize) -> String {
    (part * 100)
        .checked_div(total)
        .map_or_else(|| "–".to_owned(), |p| format!("{p}%"))
}

/// A cycle's state as a badge.
#[component]
pub(super) fn CycleBadge(status: CycleStatus) -> impl IntoView {
    let i18n = use_i18n();
    match status {
        CycleStatus::Draft => {
            view! { <span class="badge warn">{t!(i18n, cycle_draft)}</span> }.into_any()
        }
        CycleStatus::Active => {
            view! { <span class="badge">{t!(i18n, cycle_active)}</span> }.into_any()
        }
        CycleStatus::Closed => {
            view! { <span class="badge muted-badge">{t!(i18n, cycle_closed)}</span> }.into_any()
        }
    }
}

/// A package's state in words.
#[component]
fn PackageBadge(status: PackageStatus) -> impl IntoView {
    let i18n = use_i18n();
    match status {
        PackageStatus::Draft => {
            view! { <span class="badge muted-badge">{t!(i18n, package_draft)}</span> }.into_any()
        }
        PackageStatus::InProgress => {
            view! { <span class="badge warn">{t!(i18n, package_in_progress)}</span> }.into_any()
        }
        PackageStatus::Submitted => {
            view! { <span class="badge">{t!(i18n, package_submitted)}</span> }.into_any()
        }
        PackageStatus::RevisionRequested => {
            view! { <span class="badge warn">{t!(i18n, package_revision)}</span> }.into_any()
        }
        PackageStatus::Accepted => {
            view! { <span class="badge">{t!(i18n, package_accepted)}</span> }.into_any()
        }
    }
}

/// Score, band and gap to the next band.
#[component]
pub(super) fn ProjectionView(
    projection: Projection,
    #[prop(optional)] large: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let band = projection.band.clone();
    let next = projection.next_band.clone();
    view! {
        <p class:score-large=large>
            <strong class="score">{decimal_id(projection.value, 2)}</strong>" "
            {band.map(|b| {
                // Short codes (A–E) read as "Predikat A · …"; long ones are names already.
                let code = (b.code.chars().count() <= 2).then(|| b.code.clone());
                view! { <span class="badge">{t!(i18n, band)}" "{code.map(|c| format!("{c} · "))}{b.name_id.clone()}</span> }
            })}
        </p>
        {next.zip(projection.points_needed).map(|(n, pts)| view! {
            <p class="muted">{t!(i18n, gap_to_band, band = move || n.code.clone(), points = move || decimal_id(pts, 2))}</p>
        })}
    }
}

/// Ranked changes to answers, each with the points it gains ("IN.01 (Loket): Sebagian → Ya · +1,80 poin").
#[component]
pub(super) fn ActionList(
    improvements: Vec<crate::domain::instrument::Improvement>,
    decimals: u8,
    /// Mark the changes that alone reach the next band.
    #[prop(optional)]
    mark_closing: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ol class="actions-list">
            {improvements.into_iter().map(|imp| {
                let closes = mark_closing && imp.best_closes_gap;
                view! {
                    <li>
                        <strong>{imp.indicator.clone()}</strong>
                        {imp.unit.clone().map(|u| format!(" ({u})"))}": "
                        {match imp.current.as_ref() {
                            Some(s) => s.label.clone().into_any(),
                            None => t!(i18n, item_open).into_any(),
                        }}" → "{imp.best.label.clone()}
                        " · +"{decimal_id(imp.gain_best, decimals)}" "{t!(i18n, points)}
                        {closes.then(|| view! { " " <span class="badge">{t!(i18n, dash_closes_gap)}</span> })}
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}

/// `/t/{slug}/siklus`.
#[component]
pub fn CyclesPage() -> impl IntoView {
    let i18n = use_i18n();
    let slug = use_slug();
    let create = ServerAction::<CreateCycle>::new();
    let list = Resource::new(
        move || (slug.get(), create.version().get()),
        |(s, _)| get_cycles(s),
    );
    let options = Resource::new(move || slug.get(), get_cycle_options);
    view! {
        <section class="card">
            <h2>{t!(i18n, cycles)}</h2>
            <Suspense fallback=move || view! { <p class="muted">{t!(i18n, loading)}</p> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok((rows, _)) if rows.is_empty() => view! { <p class="muted">{t!(i18n, cycles_none)}</p> }.into_any(),
                        Ok((rows, _)) => view! {
                            <ul class="plain-list cycle-list">
                                {rows.into_iter().map(|c| view! {
                                    <li>
                                        <a href=format!("/t/{}/siklus/{}", slug.get_untracked(), c.id)><strong>{c.name}</strong></a>" "
                                        <CycleBadge status=c.status /><br />
                                        <span class="muted small">{c.instrument_name}" · "{iso_date_id(&c.starts_on)}" – "{iso_date_id(&c.ends_on)}" · "{t!(i18n, cycle_self_deadline)}" "{iso_date_id(&c.self_deadline)}</span>
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(err) => view! { <p class="alert" role="alert"><ErrorText err /></p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
        <Suspense>
            {move || Suspend::new(async move {
                // Only coordinators get the options; others see no form.
                options.await.ok().map(|o| view! {
                    <section class="card">
                        <h2>{t!(i18n, cycle_new)}</h2>
                        <ActionError value=create.value() />
                        <ActionForm action=create attr:class="grid-form">
                            <input type="hidden" name="slug" value=slug.get_untracked() />
                            <div class="field">
                                <label for="c-name">{t!(i18n, name)}</label>
                                <input id="c-name" name="name" required maxlength="200" placeholder="Penilaian Kepatuhan 2026" />
                                <FieldError value=create.value() field="name" />
                            </div>
                            <div class="field">
                                <label for="c-version">{t!(i18n, cycle_instrument)}</label>
                                <select id="c-version" name="version_id">
                                    {o.versions.into_iter().map(|(id, label, name)| view! { <option value=id.to_string()>{format!("{name} ({label})")}</option> }).collect_view()}
                                </select>
                            </div>
                            <div class="field">
                                <label for="c-start">{t!(i18n, cycle_starts_on)}</label>
                                <input id="c-start" name="starts_on" type="date" required />
                                <FieldError value=create.value() field="starts_on" />
                            </div>
                            <div class="field">
                                <label for="c-end">{t!(i18n, cycle_ends_on)}</label>
                                <input id="c-end" name="ends_on" type="date" required />
                                <FieldError value=create.value() field="ends_on" />
                            </div>
                            <div class="field">
                                <label for="c-deadline">{t!(i18n, cycle_self_deadline)}</label>
                                <input id="c-deadline" name="self_deadline" type="date" required />
                                <FieldError value=create.value() field="self_deadline" />
                            </div>
                            <div class="field">
                                <label for="c-review-from">{t!(i18n, cycle_review_from)}</label>
                                <input id="c-review-from" name="review_from" type="date" />
                            </div>
                            <div class="field">
                                <label for="c-review-until">{t!(i18n, cycle_review_until)}</label>
                                <input id="c-review-until" name="review_until" type="date" />
                                <FieldError value=create.value() field="review_until" />
                            </div>
                            <div class="field">
                                <label for="c-official">{t!(i18n, cycle_official_on)}</label>
                                <input id="c-official" name="official_on" type="date" />
                            </div>
                            {(!o.previous.is_empty()).then(|| view! {
                                <div class="field">
                                    <label for="c-copy">{t!(i18n, cycle_copy_from)}</label>
                                    <select id="c-copy" name="copy_from">
                                        <option value="">"—"</option>
                                        {o.previous.into_iter().map(|(id, name)| view! { <option value=id.to_string()>{name}</option> }).collect_view()}
                                    </select>
                                </div>
                            })}
                            <fieldset class="field wide">
                                <legend>{t!(i18n, cycle_units)}</legend>
                                <p class="muted small">{t!(i18n, cycle_units_hint)}</p>
                                {o.units.into_iter().enumerate().map(|(n, u)| view! {
                                    <label class="check">
                                        <input type="checkbox" name=format!("units[{n}]") value=u.id.to_string() checked=u.is_lokus />
                                        {u.name}" "<span class="muted small">{u.opd}</span>
                                        {u.is_lokus.then(|| view! { " " <span class="badge">"lokus"</span> })}
                                    </label>
                                }).collect_view()}
                                <FieldError value=create.value() field="units" />
                            </fieldset>
                            <button type="submit" class="button-primary">{t!(i18n, cycle_create)}</button>
                        </ActionForm>
                    </section>
                })
            })}
        </Suspense>
    }
}

/// `/t/{slug}/siklus/{id}`: the coordinator's board.
#[component]
pub fn BoardPage() -> impl IntoView {
    let i18n = use_i18n();
    let slug = use_slug();
    let id = id_param();
    let status = ServerAction::<SetCycleStatus>::new();
    let settings = ServerAction::<UpdateCycle>::new();
    let query = use_query_map();
    let filter = Memo::new(move |_| {
        let q = query.read();
        (
            q.get("opd").unwrap_or_default().to_lowercase(),
            q.get("terlambat").is_some(),
        )
    });
    let board = Resource::new(
        move || {
            (
                slug.get(),
                id.get(),
                status.version().get(),
                settings.version().get(),
            )
        },
        |(s, id, ..)| async move {
            match id {
                Some(id) => get_board(s, id).await,
                None => Err(ApiError::NotFound),
            }
        },
    );
    view! {
        <super::review::RevisionTodo slug />
        <Suspense fallback=move || view! { <p class="muted">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match board.await {
                    Ok(b) => {
                        let s = slug.get_untracked();
                        let c = b.cycle.clone();
                        let sections = b.sections.clone();
                        let next_status = match c.status {
                            CycleStatus::Draft => Some((CycleStatus::Active, "cycle_activate")),
                            CycleStatus::Active => Some((CycleStatus::Closed, "cycle_close")),
                            CycleStatus::Closed => None,
                        };
                        view! {
                            <section class="card">
                                <h2>{c.name.clone()}" "<CycleBadge status=c.status /></h2>
                                <p class="muted">{c.instrument_name.clone()}" ("{c.instrument.clone()}")"</p>
                                <dl class="facts">
                                    <dt>{t!(i18n, cycle_period)}</dt><dd>{iso_date_id(&c.starts_on)}" – "{iso_date_id(&c.ends_on)}</dd>
                                    <dt>{t!(i18n, cycle_self_deadline)}</dt><dd>{iso_date_id(&c.self_deadline)}</dd>
                                    {c.review_from.clone().zip(c.review_until.clone()).map(|(a, z)| view! { <dt>{t!(i18n, cycle_review)}</dt><dd>{a}" – "{z}</dd> })}
                                    {c.official_on.clone().map(|d| view! { <dt>{t!(i18n, cycle_official_on)}</dt><dd>{d}</dd> })}
                                </dl>
                                <p class="actions">
                                    <a class="button-secondary" href=format!("/t/{s}/siklus/{}/dasbor", c.id)>{t!(i18n, dash_open)}</a>
                                    <a class="button-secondary" href=format!("/t/{s}/siklus/{}/ringkasan", c.id)>{t!(i18n, summary_open)}</a>
                                </p>
                                <ActionError value=status.value() />
                                {(b.can_manage).then(|| view! {
                                    <div class="actions">
                                        <a class="button-secondary" href=format!("/t/{s}/siklus/{}/penugasan", c.id)>{t!(i18n, cycle_assign)}</a>
                                        {next_status.map(|(to, label)| view! {
                                            <ActionForm action=status attr:class="inline">
                                                <input type="hidden" name="slug" value=s.clone() />
                                                <input type="hidden" name="id" value=c.id.to_string() />
                                                <input type="hidden" name="status" value=format!("{to:?}") />
                                                <input type="hidden" name="revision" value=c.revision.to_string() />
                                                <button type="submit" class="button-primary">
                                                    {move || if label == "cycle_activate" { t_string!(i18n, cycle_activate) } else { t_string!(i18n, cycle_close) }}
                                                </button>
                                            </ActionForm>
                                        })}
                                    </div>
                                })}
                                {(b.can_manage && c.status != CycleStatus::Closed).then(|| {
                                    let c = c.clone();
                                    let s = slug.get_untracked();
                                    view! {
                                        <details class="settings">
                                            <summary>{t!(i18n, cycle_settings)}</summary>
                                            <Done value=settings.value()>{t!(i18n, saved)}</Done>
                                            <ActionError value=settings.value() />
                                            <ActionForm action=settings attr:class="grid-form">
                                                <input type="hidden" name="slug" value=s />
                                                <input type="hidden" name="id" value=c.id.to_string() />
                                                <input type="hidden" name="revision" value=c.revision.to_string() />
                                                <div class="field">
                                                    <label for="s-name">{t!(i18n, name)}</label>
                                                    <input id="s-name" name="name" required maxlength="200" value=c.name.clone() />
                                                </div>
                                                <div class="field">
                                                    <label for="s-start">{t!(i18n, cycle_starts_on)}</label>
                                                    <input id="s-start" name="starts_on" type="date" required value=c.starts_on.clone() />
                                                </div>
                                                <div class="field">
                                                    <label for="s-end">{t!(i18n, cycle_ends_on)}</label>
                                                    <input id="s-end" name="ends_on" type="date" required value=c.ends_on.clone() />
                                                    <FieldError value=settings.value() field="ends_on" />
                                                </div>
                                                <div class="field">
                                                    <label for="s-deadline">{t!(i18n, cycle_self_deadline)}</label>
                                                    <input id="s-deadline" name="self_deadline" type="date" required value=c.self_deadline.clone() />
                                                    <FieldError value=settings.value() field="self_deadline" />
                                                </div>
                                                <div class="field">
                                                    <label for="s-rf">{t!(i18n, cycle_review_from)}</label>
                                                    <input id="s-rf" name="review_from" type="date" value=c.review_from.clone().unwrap_or_default() />
                                                </div>
                                                <div class="field">
                                                    <label for="s-ru">{t!(i18n, cycle_review_until)}</label>
                                                    <input id="s-ru" name="review_until" type="date" value=c.review_until.clone().unwrap_or_default() />
                                                    <FieldError value=settings.value() field="review_until" />
                                                </div>
                                                <div class="field">
                                                    <label for="s-off">{t!(i18n, cycle_official_on)}</label>
                                                    <input id="s-off" name="official_on" type="date" value=c.official_on.clone().unwrap_or_default() />
                                                </div>
                                                <button type="submit" class="button-secondary">{t!(i18n, save)}</button>
                                            </ActionForm>
                                        </details>
                                    }
                                })}
                            </section>
                            <section class="card">
                                <h2>{t!(i18n, projection_title)}</h2>
                                {match b.pemda.clone() {
                                    Some(p) => view! {
                                        <h3>{t!(i18n, projection_pemda)}</h3>
                                        <ProjectionView projection=p.clone() large=true />
                                        {(!p.improvements.is_empty()).then(|| view! {
                                            <h3>{t!(i18n, projection_actions)}</h3>
                                            <ActionList improvements=p.improvements.clone() decimals=2 />
                                        })}
                                    }.into_any(),
                                    None => view! { <p class="muted">{t!(i18n, projection_no_lokus)}</p> }.into_any(),
                                }}
                                {b.pemda_verified.clone().map(|p| view! {
                                    <h3>{t!(i18n, projection_verified)}</h3>
                                    <ProjectionView projection=p large=true />
                                    <p class="muted small">{t!(i18n, projection_verified_hint)}</p>
                                })}
                                <div class="table-wrap"><table class="table">
                                    <thead><tr>
                                        <th scope="col">{t!(i18n, unit)}</th>
                                        <th scope="col" class="num">{t!(i18n, progress)}</th>
                                        <th scope="col">{t!(i18n, projection_score)}</th>
                                        <th scope="col" class="num">{t!(i18n, rv_accepted)}</th>
                                        <th scope="col">{t!(i18n, projection_verified_short)}</th>
                                    </tr></thead>
                                    <tbody>
                                        {b.units.clone().into_iter().map(|u| view! {
                                            <tr>
                                                <td>{u.name}{u.is_lokus.then(|| view! { " " <span class="badge">"lokus"</span> })}</td>
                                                <td class="num">{u.answered}"/"{u.total}</td>
                                                <td>{u.projection.map(|p| view! { <ProjectionView projection=p /> })}</td>
                                                <td class="num">{u.accepted}"/"{u.total}</td>
                                                <td>{u.verified.map(|p| view! { <ProjectionView projection=p /> })}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table></div>
                            </section>
                            <section class="card">
                                <h2>{t!(i18n, board_title)}</h2>
                                {(b.unassigned > 0).then(|| view! {
                                    <p class="alert-soft">{t!(i18n, board_unassigned, count = move || b.unassigned)}" "
                                        {b.can_manage.then(|| view! { <a href=format!("/t/{}/siklus/{}/penugasan", slug.get_untracked(), c.id)>{t!(i18n, cycle_assign)}</a> })}
                                    </p>
                                })}
                                <form method="get" class="search" role="search">
                                    <label for="f-opd" class="visually-hidden">"OPD"</label>
                                    <input id="f-opd" name="opd" type="search" value=move || filter.get().0 placeholder=move || t_string!(i18n, board_filter_opd) />
                                    <label class="check"><input type="checkbox" name="terlambat" value="1" checked=move || filter.get().1 />{t!(i18n, board_filter_overdue)}</label>
                                    <button type="submit" class="button-secondary">{t!(i18n, search)}</button>
                                </form>
                                <div class="table-wrap"><table class="table board">
                                    <thead><tr>
                                        <th scope="col">"OPD"</th>
                                        {sections.iter().map(|(code, name)| view! { <th scope="col" class="num" title=name.clone()>{code.clone()}</th> }).collect_view()}
                                        <th scope="col" class="num">{t!(i18n, total)}</th>
                                        <th scope="col">{t!(i18n, status)}</th>
                                    </tr></thead>
                                    <tbody>
                                        {b.rows.clone().into_iter().filter(|r| {
                                            let (q, late) = filter.get_untracked();
                                            (q.is_empty() || r.opd.to_lowercase().contains(&q)) && (!late || r.total.overdue > 0)
                                        }).map(|r| {
                                            let s = slug.get_untracked();
                                            let row_late = r.total.overdue > 0;
                                            view! {
                                                <tr>
                                                    <th scope="row">{r.opd.clone()}</th>
                                                    {r.cells.iter().map(|cell| {
                                                        let late = cell.overdue > 0;
                                                        let n = cell.overdue;
                                                        let (acc, back) = (cell.accepted, cell.revision);
                                                        view! {
                                                        <td class="num" class:overdue=late>
                                                            {percent(cell.answered, cell.total)}
                                                            {late.then(|| view! { <br /><span class="small">{t!(i18n, overdue_count, count = move || n)}</span> })}
                                                            {(acc > 0).then(|| view! { <br /><span class="small good-text">{t!(i18n, accepted_count, count = move || acc)}</span> })}
                                                            {(back > 0).then(|| view! { <br /><span class="small bad-text">{t!(i18n, revision_count, count = move || back)}</span> })}
                                                        </td>
                                                    }}).collect_view()}
                                                    <td class="num" class:overdue=row_late><strong>{percent(r.total.answered, r.total.total)}</strong></td>
                                                    <td>{r.package_id.zip(r.package_status).map(|(pid, st)| view! {
                                                        <a href=format!("/t/{s}/paket/{pid}")><PackageBadge status=st /></a>
                                                    })}</td>
                                                </tr>
                                            }
                                        }).collect_view()}
                                    </tbody>
                                </table></div>
                                <p class="muted small">{t!(i18n, board_queries, count = move || b.queries)}</p>
                            </section>
                        }.into_any()
                    }
                    Err(err) => view! { <p class="alert" role="alert"><ErrorText err /></p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// A list of assignments: indicator, unit, due date, state.
#[component]
fn AssignmentList(rows: Vec<AssignmentRow>, #[prop(optional)] show_pic: bool) -> impl IntoView {
    let i18n = use_i18n();
    let slug = use_slug();
    view! {
        <ul class="task-list">
            {rows.into_iter().map(|a| view! {
                <li class:overdue=a.overdue>
                    <a href=format!("/t/{}/butir/{}", slug.get_untracked(), a.id)>
                        <strong>{a.code.clone()}</strong>" "{a.text.clone()}
                    </a>
                    <br />
                    <span class="muted small">
                        {a.unit.clone()}
                        {a.due_on.as_deref().map(|d| format!(" · {}", iso_date_id(d)))}
                        {show_pic.then(|| format!(" · {}", a.pic.clone().unwrap_or_else(|| "—".to_owned())))}
                    </span>" "
                    {if a.ready {
                        view! { <span class="badge">{t!(i18n, item_ready)}</span> }.into_any()
                    } else if a.answered {
                        view! { <span class="badge muted-badge">{t!(i18n, item_answered)}</span> }.into_any()
                    } else if a.overdue {
                        view! { <span class="badge warn">{t!(i18n, item_overdue)}</span> }.into_any()
                    } else if a.due_soon {
                        view! { <span class="badge warn">{t!(i18n, item_due_soon)}</span> }.into_any()
                    } else {
                        view! { <span class="badge muted-badge">{t!(i18n, item_open)}</span> }.into_any()
                    }}
                </li>
            }).collect_view()}
        </ul>
    }
}

/// `/t/{slug}/siklus/{id}/penugasan`: bulk assignment, staff change, unassigned items.
#[component]
pub fn AssignPage() -> impl IntoView {
    let i18n = use_i18n();
    let slug = use_slug();
    let id = id_param();
    let bulk = ServerAction::<AssignBulk>::new();
    let reassign = ServerAction::<ReassignPerson>::new();
    let options = Resource::new(
        move || {
            (
                slug.get(),
                id.get(),
                bulk.version().get(),
                reassign.version().get(),
            )
        },
        |(s, id, ..)| async move {
            match id {
                Some(id) => get_assign_options(s, id).await,
                None => Err(ApiError::NotFound),
            }
        },
    );
    view! {
        <Suspense fallback=move || view! { <p class="muted">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match options.await {
                    Ok(o) => {
                        let s = slug.get_untracked();
                        let cid = o.cycle.id.to_string();
                        let people = o.people.clone();
                        let (s1, s2, c1, c2) = (s.clone(), s.clone(), cid.clone(), cid.clone());
                        let (people1, people2) = (people.clone(), people.clone());
                        view! {
                            <section class="card">
                                <h2>{t!(i18n, cycle_assign)}": "{o.cycle.name.clone()}</h2>
                                <p><a href=format!("/t/{s}/siklus/{cid}")>{t!(i18n, back_to_board)}</a></p>
                                <p class="muted">{t!(i18n, assign_hint)}</p>
                                {move || match bulk.value().get() {
                                    Some(Ok(n)) => Some(view! { <p class="notice" role="status">{t!(i18n, assigned_count, count = move || n)}</p> }),
                                    _ => None,
                                }}
                                <ActionError value=bulk.value() />
                                <ActionForm action=bulk attr:class="grid-form">
                                    <input type="hidden" name="slug" value=s1 />
                                    <input type="hidden" name="id" value=c1 />
                                    <div class="field">
                                        <label for="a-section">{t!(i18n, section)}</label>
                                        <select id="a-section" name="section">
                                            <option value="">{t!(i18n, all)}</option>
                                            {o.sections.iter().map(|(code, name)| view! { <option value=code.clone()>{format!("{code} {name}")}</option> }).collect_view()}
                                        </select>
                                        <FieldError value=bulk.value() field="section" />
                                    </div>
                                    <div class="field">
                                        <label for="a-opd">"OPD"</label>
                                        <select id="a-opd" name="opd_id">
                                            <option value="">{t!(i18n, all)}</option>
                                            {o.opds.iter().map(|(id, name)| view! { <option value=id.to_string()>{name.clone()}</option> }).collect_view()}
                                        </select>
                                        <FieldError value=bulk.value() field="opd_id" />
                                    </div>
                                    <div class="field">
                                        <label for="a-unit">{t!(i18n, unit)}</label>
                                        <select id="a-unit" name="unit_id">
                                            <option value="">{t!(i18n, all)}</option>
                                            {o.units.iter().map(|(id, name)| view! { <option value=id.to_string()>{name.clone()}</option> }).collect_view()}
                                        </select>
                                        <FieldError value=bulk.value() field="unit_id" />
                                    </div>
                                    <div class="field">
                                        <label for="a-pic">"PIC"</label>
                                        <select id="a-pic" name="pic">
                                            <option value="">{t!(i18n, unchanged)}</option>
                                            {people1.iter().map(|p| view! { <option value=p.id.to_string()>{format!("{}{}", p.name, p.opd.as_ref().map(|o| format!(" ({o})")).unwrap_or_default())}</option> }).collect_view()}
                                        </select>
                                        <FieldError value=bulk.value() field="pic" />
                                    </div>
                                    <div class="field">
                                        <label for="a-due">{t!(i18n, due_on)}</label>
                                        <input id="a-due" name="due_on" type="date" />
                                        <FieldError value=bulk.value() field="due_on" />
                                    </div>
                                    <button type="submit" class="button-primary">{t!(i18n, assign)}</button>
                                </ActionForm>
                            </section>
                            <section class="card">
                                <h2>{t!(i18n, reassign_title)}</h2>
                                <p class="muted">{t!(i18n, reassign_hint)}</p>
                                {move || match reassign.value().get() {
                                    Some(Ok(n)) => Some(view! { <p class="notice" role="status">{t!(i18n, assigned_count, count = move || n)}</p> }),
                                    _ => None,
                                }}
                                <ActionError value=reassign.value() />
                                <ActionForm action=reassign attr:class="grid-form">
                                    <input type="hidden" name="slug" value=s2 />
                                    <input type="hidden" name="id" value=c2 />
                                    <div class="field">
                                        <label for="r-from">{t!(i18n, reassign_from)}</label>
                                        <select id="r-from" name="from">
                                            {people2.iter().map(|p| view! { <option value=p.id.to_string()>{p.name.clone()}</option> }).collect_view()}
                                        </select>
                                    </div>
                                    <div class="field">
                                        <label for="r-to">{t!(i18n, reassign_to)}</label>
                                        <select id="r-to" name="to">
                                            {people.iter().map(|p| view! { <option value=p.id.to_string()>{p.name.clone()}</option> }).collect_view()}
                                        </select>
                                    </div>
                                    <button type="submit" class="button-secondary">{t!(i18n, reassign)}</button>
                                </ActionForm>
                            </section>
                            <section class="card">
                                <h2>{t!(i18n, unassigned_title, count = move || o.unassigned_total)}</h2>
                                <AssignmentList rows=o.unassigned.clone() show_pic=true />
                            </section>
                        }.into_any()
                    }
                    Err(err) => view! { <p class="alert" role="alert"><ErrorText err /></p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// `/t/{slug}/tugas`: the PIC's items, by due date.
#[component]
pub fn MyTasksPage() -> impl IntoView {
    let i18n = use_i18n();
    let slug = use_slug();
    let tasks = Resource::new(move || slug.get(), get_my_tasks);
    view! {
        <super::review::RevisionTodo slug />
        <section class="card">
            <h2>{t!(i18n, nav_my_tasks)}</h2>
            <Suspense fallback=move || view! { <p class="muted">{t!(i18n, loading)}</p> }>
                {move || Suspend::new(async move {
                    match tasks.await {
                        Ok(rows) if rows.is_empty() => view! { <p class="muted">{t!(i18n, tasks_none)}</p> }.into_any(),
                        Ok(rows) => {
                            let open = rows.iter().filter(|r| !r.answered).count();
                            let total = rows.len();
                            let overdue = rows.iter().filter(|r| r.overdue).count();
                            let soon = rows.iter().filter(|r| r.due_soon).count();
                            view! {
                                {(overdue + soon > 0).then(|| view! {
                                    <p class="alert-soft" role="status">{t!(i18n, tasks_urgent, overdue = move || overdue, soon = move || soon)}</p>
                                })}
                                <p>{t!(i18n, tasks_open, open = move || open, total = move || total)}</p>
                                <AssignmentList rows=rows.clone() />
                            }.into_any()
                        }
                        Err(err) => view! { <p class="alert" role="alert"><ErrorText err /></p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// A history, newest first.
#[component]
pub(super) fn History(events: Vec<EventRow>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <h3>{t!(i18n, history)}</h3>
        {if events.is_empty() {
            view! { <p class="muted">"—"</p> }.into_any()
        } else {
            view! {
                <ol class="history">
                    {events.into_iter().map(|e| view! {
                        <li>
                            <span class="muted small">{e.at.to_string()}</span>" · "
                            {e.actor.unwrap_or_else(|| "—".to_owned())}" · "
                            {match event_label(i18n, &e.kind) {
                                Some(label) => view! { <span title=e.kind.clone()>{label}</span> }.into_any(),
                                None => view! { <code>{e.kind.clone()}</code> }.into_any(),
                            }}
                            {e.from.zip(e.to).map(|(f, t)| format!(": {} → {}", state_label(i18n, &e.kind, &f), state_label(i18n, &e.kind, &t)))}
                            {e.note.map(|n| view! { <br />{n} })}
                        </li>
                    }).collect_view()}
                </ol>
            }.into_any()
        }}
    }
}

/// An event kind in words, when it is one the history knows.
fn event_label(i18n: leptos_i18n::I18nContext<Locale>, kind: &str) -> Option<&'static str> {
    Some(match kind {
        "answer.saved" => t_string!(i18n, ev_answer_saved),
        "package.status" => t_string!(i18n, ev_package_status),
        "cycle.created" => t_string!(i18n, ev_cycle_created),
        "cycle.status" => t_string!(i18n, ev_cycle_status),
        "assignment.bulk" | "assignment.reassign" => t_string!(i18n, ev_assignment),
        "evidence.added" => t_string!(i18n, ev_evidence_added),
        "evidence.deleted" => t_string!(i18n, ev_evidence_deleted),
        "evidence.restored" => t_string!(i18n, ev_evidence_restored),
        "review.accepted" => t_string!(i18n, ev_review_accepted),
        "review.revision_requested" => t_string!(i18n, ev_review_revision),
        "review.outdated" => t_string!(i18n, ev_review_outdated),
        _ => return None,
    })
}

/// A stored package, cycle or review state in words (unknown codes as stored).
fn state_label(i18n: leptos_i18n::I18nContext<Locale>, kind: &str, code: &str) -> String {
    match code {
        "" => "—",
        "draft" if kind.starts_with("cycle.") => t_string!(i18n, cycle_draft),
        "draft" => t_string!(i18n, package_draft),
        "in_progress" => t_string!(i18n, package_in_progress),
        "submitted" => t_string!(i18n, package_submitted),
        "revision_requested" => t_string!(i18n, rv_revision),
        "accepted" => t_string!(i18n, rv_accepted),
        "active" => t_string!(i18n, cycle_active),
        "closed" => t_string!(i18n, cycle_closed),
        "awaiting" => t_string!(i18n, rv_awaiting),
        "resubmitted" => t_string!(i18n, rv_resubmitted),
        "outdated" => t_string!(i18n, rv_outdated),
        other => return other.to_owned(),
    }
    .to_owned()
}

/// The input for an answer of `answer_type`, showing `current`, posted as field `name`.
pub(super) fn answer_input(
    name: &'static str,
    answer_type: Option<AnswerType>,
    current: Option<Answer>,
    enabled: bool,
) -> AnyView {
    let i18n = use_i18n();
    let is_na = matches!(current, Some(Answer::NotApplicable));
    let na = view! {
        <label class="check"><input type="radio" name=name value="TB" checked=is_na disabled=!enabled />{t!(i18n, answer_not_applicable)}</label>
    };
    match answer_type {
        Some(AnswerType::Ordinal { levels }) => view! {
            <fieldset class="answers">
                <legend>{t!(i18n, answer)}</legend>
                {levels.into_iter().map(|l| {
                    let checked = current == Some(Answer::Level(l.value));
                    view! {
                        <label class="check level">
                            <input type="radio" name=name value=l.value.to_string() checked=checked disabled=!enabled />
                            <span><strong>{l.value}" · "{l.label_id.clone()}</strong>
                            {l.description_id.clone().map(|d| view! { <br /><span class="muted small">{d}</span> })}</span>
                        </label>
                    }
                }).collect_view()}
                {na}
            </fieldset>
        }.into_any(),
        Some(AnswerType::YesNo { .. }) => view! {
            <fieldset class="answers">
                <legend>{t!(i18n, answer)}</legend>
                <label class="check"><input type="radio" name=name value="ya" checked=current == Some(Answer::YesNo(true)) disabled=!enabled />{t!(i18n, yes)}</label>
                <label class="check"><input type="radio" name=name value="tidak" checked=current == Some(Answer::YesNo(false)) disabled=!enabled />{t!(i18n, no)}</label>
                {na}
            </fieldset>
        }.into_any(),
        Some(AnswerType::Choice { options }) => view! {
            <fieldset class="answers">
                <legend>{t!(i18n, answer)}</legend>
                {options.into_iter().map(|o| {
                    let checked = current == Some(Answer::Choice(o.code.clone()));
                    view! { <label class="check"><input type="radio" name=name value=o.code.clone() checked=checked disabled=!enabled />{o.label_id.clone()}</label> }
                }).collect_view()}
                {na}
            </fieldset>
        }.into_any(),
        Some(AnswerType::Number { .. } | AnswerType::Percentage { .. }) => {
            let value = match current {
                Some(Answer::Number(x)) => decimal_id(x, 2),
                _ => String::new(),
            };
            view! {
                <div class="field">
                    <label for=name>{t!(i18n, answer)}</label>
                    <input id=name name=name inputmode="decimal" value=value disabled=!enabled />
                </div>
            }.into_any()
        }
        Some(AnswerType::Unknown) | None => view! { <p class="muted">"–"</p> }.into_any(),
    }
}

/// `/t/{slug}/butir/{id}`: one indicator: question, guidance, expected evidence, answer, history.
#[component]
pub fn ItemPage() -> impl IntoView {
    let i18n = use_i18n();
    let slug = use_slug();
    let id = id_param();
    let save = ServerAction::<SaveAnswer>::new();
    let evidence = super::evidence::EvidenceState::new(slug, id);
    let review = super::review::ReviewState::new(slug, id);
    // Bumped when a mentor acted (the package may have opened or locked).
    let item_tick = RwSignal::new(0u32);
    super::review::watch_item(slug, id, move |event| match event {
        "comment" => review.refresh_thread(),
        "review" => {
            // The package may have opened or locked: the answer and evidence forms follow.
            review.refresh_review();
            evidence.refresh();
            item_tick.update(|n| *n += 1);
        }
        "evidence" => {
            evidence.refresh();
            review.refresh_review();
            review.refresh_thread();
        }
        _ => review.refresh_review(),
    });
    // Loaded once per item (and after a mentor's action): a refused save must not wipe what
    // was typed.
    let item = Resource::new(
        move || (slug.get(), id.get(), item_tick.get()),
        |(s, id, _)| async move {
            match id {
                Some(id) => get_item(s, id).await,
                None => Err(ApiError::NotFound),
            }
        },
    );
    view! {
        <Suspense fallback=move || view! { <p class="muted">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match item.await {
                    Ok(it) => {
                        let s = slug.get_untracked();
                        let revision = it.revision;
                        let current = move || match save.value().get() {
                            Some(Ok(r)) => r,
                            _ => revision,
                        };
                        let ind = it.indicator.clone();
                        let s_evidence = s.clone();
                        let (s_review, s_thread) = (s.clone(), s.clone());
                        view! {
                            <section class="card">
                                <p class="muted small">
                                    <a href=format!("/t/{s}/siklus/{}", it.cycle_id)>{it.cycle.clone()}</a>" › "{it.section.clone()}
                                </p>
                                <h2><code>{ind.code.clone()}</code>" "{ind.text_id.clone()}</h2>
                                <dl class="facts">
                                    <dt>{t!(i18n, unit)}</dt><dd>{it.unit.clone()}</dd>
                                    <dt>"OPD"</dt><dd>{it.opd.clone().unwrap_or_else(|| "—".to_owned())}</dd>
                                    <dt>"PIC"</dt><dd>{it.pic.clone().unwrap_or_else(|| "—".to_owned())}</dd>
                                    <dt>{t!(i18n, due_on)}</dt><dd>{it.due_on.as_deref().map_or_else(|| "—".to_owned(), iso_date_id)}</dd>
                                    {it.package_id.zip(it.package_status).map(|(pid, st)| view! {
                                        <dt>{t!(i18n, package)}</dt><dd><a href=format!("/t/{s}/paket/{pid}")><PackageBadge status=st /></a></dd>
                                    })}
                                </dl>
                                {ind.guidance_id.clone().map(|g| view! { <h3>{t!(i18n, guidance)}</h3><p>{g}</p> })}
                            </section>
                            <section class="card">
                                <h2>{t!(i18n, answer)}</h2>
                                {(!it.can_edit).then(|| view! { <p class="muted">{t!(i18n, item_read_only)}</p> })}
                                <Done value=save.value()>{t!(i18n, saved)}</Done>
                                <ActionError value=save.value() />
                                <ActionForm action=save attr:class="stack">
                                    <input type="hidden" name="slug" value=s.clone() />
                                    <input type="hidden" name="id" value=it.id.to_string() />
                                    <input type="hidden" name="revision" prop:value=move || current().to_string() value=revision.to_string() />
                                    {answer_input("answer", it.answer_type.clone(), it.answer.clone(), it.can_edit)}
                                    <FieldError value=save.value() field="answer" />
                                    <div class="field">
                                        <label for="notes">{t!(i18n, notes)}</label>
                                        <TextArea value=it.notes.clone().unwrap_or_default() attr:id="notes" attr:name="notes" attr:rows="3" attr:maxlength="4000" attr:disabled=!it.can_edit />
                                    </div>
                                    <label class="check"><input type="checkbox" name="ready" value="on" checked=it.ready disabled=!it.can_edit />{t!(i18n, item_mark_ready)}</label>
                                    {it.can_edit.then(|| view! { <button type="submit" class="button-primary">{t!(i18n, save)}</button> })}
                                </ActionForm>
                                {it.answered.clone().map(|(who, at)| view! {
                                    <p class="muted small">{t!(i18n, answered_by, who = move || who.clone(), at = move || at.to_string())}</p>
                                })}
                            </section>
                            <super::evidence::EvidenceSection
                                state=evidence
                                slug=s_evidence
                                item=it.id
                                expected=ind.evidence_expected.clone()
                                required=ind.evidence_required
                            />
                            <super::review::ReviewSection state=review slug=s_review />
                            <super::review::ThreadSection state=review slug=s_thread />
                            <section class="card">
                                <History events=it.history.clone() />
                            </section>
                        }.into_any()
                    }
                    Err(err) => view! { <p class="alert" role="alert"><ErrorText err /></p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// `/t/{slug}/paket/{id}`: an OPD's work package: its items, submit, reopen, history.
#[component]
pub fn PackagePage() -> impl IntoView {
    let i18n = use_i18n();
    let slug = use_slug();
    let id = id_param();
    let submit = ServerAction::<SubmitPackage>::new();
    let reopen = ServerAction::<ReopenPackage>::new();
    let package = Resource::new(
        move || {
            (
                slug.get(),
                id.get(),
                submit.version().get(),
                reopen.version().get(),
            )
        },
        |(s, id, ..)| async move {
            match id {
                Some(id) => get_package(s, id).await,
                None => Err(ApiError::NotFound),
            }
        },
    );
    view! {
        <Suspense fallback=move || view! { <p class="muted">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match package.await {
                    Ok(p) => {
                        let s = slug.get_untracked();
                        let (s1, s2) = (s.clone(), s.clone());
                        let answered = p.items.iter().filter(|i| i.answered).count();
                        let total = p.items.len();
                        view! {
                            <section class="card">
                                <p class="muted small"><a href=format!("/t/{s}/siklus/{}", p.cycle_id)>{p.cycle.clone()}</a></p>
                                <h2>{p.opd.clone()}" "<PackageBadge status=p.status /></h2>
                                <p>{t!(i18n, tasks_open, open = move || total - answered, total = move || total)}</p>
                                <Done value=submit.value()>{t!(i18n, package_submitted_done)}</Done>
                                <ActionError value=submit.value() />
                                <ActionError value=reopen.value() />
                                {p.can_submit.then(|| view! {
                                    <ActionForm action=submit attr:class="inline">
                                        <input type="hidden" name="slug" value=s1.clone() />
                                        <input type="hidden" name="id" value=p.id.to_string() />
                                        <button type="submit" class="button-primary">{t!(i18n, package_submit)}</button>
                                    </ActionForm>
                                    <p class="muted small">{t!(i18n, package_submit_hint)}</p>
                                })}
                                {p.can_reopen.then(|| view! {
                                    <ActionForm action=reopen attr:class="grid-form compact">
                                        <input type="hidden" name="slug" value=s2.clone() />
                                        <input type="hidden" name="id" value=p.id.to_string() />
                                        <div class="field">
                                            <label for="p-note">{t!(i18n, package_reopen_reason)}</label>
                                            <input id="p-note" name="note" required maxlength="500" />
                                            <FieldError value=reopen.value() field="note" />
                                        </div>
                                        <button type="submit" class="button-secondary">{t!(i18n, package_reopen)}</button>
                                    </ActionForm>
                                })}
                                <AssignmentList rows=p.items.clone() show_pic=true />
                            </section>
                            <section class="card">
                                <History events=p.history.clone() />
                            </section>
                        }.into_any()
                    }
                    Err(err) => view! { <p class="alert" role="alert"><ErrorText err /></p> }.into_any(),
                }
            })}
        </Suspense>
    }
}
