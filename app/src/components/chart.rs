//! Charts drawn as SVG while the page is rendered, so they show without JavaScript and print.
//!
//! Hand-written: the Rust charting crates (plotters and friends) draw to bitmaps or emit SVG with
//! inline styles, which our Content-Security-Policy forbids, and would add their weight to the
//! browser bundle for two chart shapes. Each chart comes with its data as a table (folded under
//! "Lihat data"), which is also what screen readers are pointed to.

use crate::domain::format::decimal_id;
use crate::domain::instrument::Band;
use crate::i18n::*;
use leptos::prelude::*;

/// Drawing width in SVG units; CSS scales the chart to its box.
const WIDTH: f64 = 360.0;
/// Left edge of the plot area of the trend chart.
const LEFT: f64 = 34.0;
/// Height of one bar row (label line plus two bars).
const ROW: f64 = 40.0;

/// One row of a bar chart: a label and up to two values (self-assessed and verified).
#[derive(Debug, Clone, PartialEq)]
pub struct BarRow {
    /// Label (unit, OPD, dimension, pemda).
    pub label: String,
    /// First value (self-assessed projection).
    pub value: Option<f64>,
    /// Second value (verified), drawn as a thin bar under the first.
    pub second: Option<f64>,
    /// Band of the first value, for its colour.
    pub band: Option<Band>,
}

/// Fill for a band: the instrument's colour, else a grey.
fn fill(band: Option<&Band>) -> String {
    band.and_then(|b| b.colour.clone())
        .filter(|c| {
            c.starts_with('#') && c.len() <= 9 && c[1..].chars().all(|h| h.is_ascii_hexdigit())
        })
        .unwrap_or_else(|| "#607d8b".to_owned())
}

/// `value` as a fraction of the range, clamped.
fn frac(value: f64, min: f64, max: f64) -> f64 {
    if max <= min {
        return 0.0;
    }
    ((value - min) / (max - min)).clamp(0.0, 1.0)
}

/// Horizontal bars on the result scale `min..max`, with the lower bounds of `bands` as dashed
/// guides, and the same numbers as a table.
#[component]
pub fn BarChart(
    /// Element id prefix (unique on the page).
    id: &'static str,
    /// Caption.
    caption: String,
    /// Column headings of the data table: label, first value, second value.
    headings: (String, String, String),
    /// Rows, top to bottom.
    rows: Vec<BarRow>,
    /// Scale minimum.
    min: f64,
    /// Scale maximum.
    max: f64,
    /// Decimals shown.
    decimals: u8,
    /// Band guides (may be empty).
    #[prop(optional)]
    bands: Vec<Band>,
) -> impl IntoView {
    let i18n = use_i18n();
    let top = 16.0;
    let height = top + ROW * rows.len() as f64 + 4.0;
    let plot = WIDTH - 52.0;
    let x = move |v: f64| frac(v, min, max) * plot;
    let title_id = format!("{id}-title");
    let guides = bands
        .iter()
        .filter(|b| b.lower > min && b.lower < max)
        .map(|b| {
            let gx = format!("{:.1}", x(b.lower));
            view! {
                <line class="chart-guide" x1=gx.clone() x2=gx.clone() y1="12" y2=format!("{:.1}", height - 2.0) />
                <text class="chart-guide-label" x=gx y="10" text-anchor="middle">{b.code.clone()}</text>
            }
        })
        .collect_view();
    let bars = rows
        .iter()
        .enumerate()
        .map(|(n, r)| {
            let y = top + ROW * n as f64;
            let first = r.value.map(|v| {
                let w = format!("{:.1}", x(v).max(1.0));
                view! {
                    <rect x="0" y=format!("{:.1}", y + 16.0) width=w.clone() height="11" rx="2" fill=fill(r.band.as_ref()) />
                    <text class="chart-value" x=format!("{:.1}", x(v) + 4.0) y=format!("{:.1}", y + 25.5)>{decimal_id(v, decimals)}</text>
                }
            });
            let second = r.second.map(|v| {
                view! {
                    <rect class="chart-second" x="0" y=format!("{:.1}", y + 30.0) width=format!("{:.1}", x(v).max(1.0)) height="5" rx="1" />
                }
            });
            view! {
                <text class="chart-label" x="0" y=format!("{:.1}", y + 12.0)>{r.label.clone()}</text>
                {first}
                {second}
            }
        })
        .collect_view();
    let table_rows = rows
        .into_iter()
        .map(|r| {
            view! {
                <tr>
                    <th scope="row">{r.label}</th>
                    <td class="num">{r.value.map_or_else(|| "–".to_owned(), |v| decimal_id(v, decimals))}
                        {r.band.map(|b| format!(" ({})", b.code))}</td>
                    <td class="num">{r.second.map_or_else(|| "–".to_owned(), |v| decimal_id(v, decimals))}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <figure class="chart">
            <figcaption id=title_id.clone()>{caption}</figcaption>
            <svg viewBox=format!("0 0 {WIDTH} {height:.0}") role="img" aria-labelledby=title_id class="chart-svg">
                {guides}
                {bars}
            </svg>
            <details class="chart-data">
                <summary>{t!(i18n, chart_data)}</summary>
                <div class="table-wrap"><table class="table">
                    <thead><tr>
                        <th scope="col">{headings.0}</th>
                        <th scope="col" class="num">{headings.1}</th>
                        <th scope="col" class="num">{headings.2}</th>
                    </tr></thead>
                    <tbody>{table_rows}</tbody>
                </table></div>
            </details>
        </figure>
    }
}

/// One point of a trend: a cycle and its values (projected self, verified, official).
#[derive(Debug, Clone, PartialEq)]
pub struct TrendPoint {
    /// Label under the axis (year or cycle name).
    pub label: String,
    /// Projected from self-assessment.
    pub projected: Option<f64>,
    /// Projected from verified answers.
    pub verified: Option<f64>,
    /// The official result.
    pub official: Option<f64>,
}

/// Lines across cycles: projected, verified and official, with the band guides.
#[component]
pub fn TrendChart(
    /// Element id prefix.
    id: &'static str,
    /// Caption.
    caption: String,
    /// Points, oldest first.
    points: Vec<TrendPoint>,
    /// Scale minimum.
    min: f64,
    /// Scale maximum.
    max: f64,
    /// Decimals shown.
    decimals: u8,
    /// Band guides.
    #[prop(optional)]
    bands: Vec<Band>,
) -> impl IntoView {
    let i18n = use_i18n();
    let (plot_top, plot_h) = (10.0, 150.0);
    let height = plot_top + plot_h + 34.0;
    let plot_w = WIDTH - LEFT - 10.0;
    let n = points.len().max(1);
    let px = move |i: usize| {
        if n == 1 {
            LEFT + plot_w / 2.0
        } else {
            LEFT + plot_w * i as f64 / (n - 1) as f64
        }
    };
    let py = move |v: f64| plot_top + plot_h * (1.0 - frac(v, min, max));
    let title_id = format!("{id}-title");
    let guides = bands
        .iter()
        .filter(|b| b.lower > min && b.lower < max)
        .map(|b| {
            let gy = format!("{:.1}", py(b.lower));
            view! {
                <line class="chart-guide" x1=format!("{LEFT}") x2=format!("{:.1}", LEFT + plot_w) y1=gy.clone() y2=gy.clone() />
                <text class="chart-guide-label" x="2" y=gy>{format!("{} {}", b.code, decimal_id(b.lower, 0))}</text>
            }
        })
        .collect_view();
    let series = |pick: fn(&TrendPoint) -> Option<f64>, class: &'static str| {
        let pts: Vec<(f64, f64, f64)> = points
            .iter()
            .enumerate()
            .filter_map(|(i, p)| pick(p).map(|v| (px(i), py(v), v)))
            .collect();
        let path = pts
            .iter()
            .map(|(x, y, _)| format!("{x:.1},{y:.1}"))
            .collect::<Vec<_>>()
            .join(" ");
        view! {
            <polyline class=format!("chart-line {class}") points=path />
            {pts.into_iter().map(|(x, y, _)| view! {
                <circle class=format!("chart-dot {class}") cx=format!("{x:.1}") cy=format!("{y:.1}") r="3.5" />
            }).collect_view()}
        }
    };
    let labels = points
        .iter()
        .enumerate()
        .map(|(i, p)| {
            view! {
                <text class="chart-label" x=format!("{:.1}", px(i)) y=format!("{:.1}", plot_top + plot_h + 16.0) text-anchor="middle">{p.label.clone()}</text>
            }
        })
        .collect_view();
    let d = move |v: Option<f64>| v.map_or_else(|| "–".to_owned(), |v| decimal_id(v, decimals));
    let table_rows = points
        .iter()
        .map(|p| {
            view! {
                <tr>
                    <th scope="row">{p.label.clone()}</th>
                    <td class="num">{d(p.projected)}</td>
                    <td class="num">{d(p.verified)}</td>
                    <td class="num">{d(p.official)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <figure class="chart">
            <figcaption id=title_id.clone()>{caption}</figcaption>
            <svg viewBox=format!("0 0 {WIDTH} {height:.0}") role="img" aria-labelledby=title_id class="chart-svg">
                {guides}
                {series(|p| p.projected, "s-projected")}
                {series(|p| p.verified, "s-verified")}
                {series(|p| p.official, "s-official")}
                {labels}
            </svg>
            <p class="chart-legend small">
                <span class="key s-projected"></span>{t!(i18n, trend_projected)}" "
                <span class="key s-verified"></span>{t!(i18n, trend_verified)}" "
                <span class="key s-official"></span>{t!(i18n, trend_official)}
            </p>
            <details class="chart-data">
                <summary>{t!(i18n, chart_data)}</summary>
                <div class="table-wrap"><table class="table">
                    <thead><tr>
                        <th scope="col">{t!(i18n, cycle)}</th>
                        <th scope="col" class="num">{t!(i18n, trend_projected)}</th>
                        <th scope="col" class="num">{t!(i18n, trend_verified)}</th>
                        <th scope="col" class="num">{t!(i18n, trend_official)}</th>
                    </tr></thead>
                    <tbody>{table_rows}</tbody>
                </table></div>
            </details>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::{fill, frac};

    #[test]
    fn values_are_clamped_to_the_scale_and_colours_checked() {
        assert_eq!(frac(50.0, 0.0, 100.0), 0.5);
        assert_eq!(frac(120.0, 0.0, 100.0), 1.0);
        assert_eq!(frac(-3.0, 1.0, 5.0), 0.0);
        assert_eq!(frac(3.0, 5.0, 5.0), 0.0);
        // A colour from instrument data never becomes markup.
        let band = crate::domain::instrument::Band {
            code: "A".into(),
            name_id: "A".into(),
            name_en: None,
            lower: 88.0,
            upper: 100.0,
            zone: None,
            colour: Some("\"/><script>".into()),
        };
        assert_eq!(fill(Some(&band)), "#607d8b");
    }
}
