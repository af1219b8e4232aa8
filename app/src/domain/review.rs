//! Mentor review rules: where the review of one answer stands and what moves it, who may edit a
//! comment and for how long, @mentions, notification kinds and e-mail preferences.

use serde::{Deserialize, Serialize};

/// Minutes after posting during which the author may still edit a comment.
pub const EDIT_WINDOW_MINUTES: i64 = 15;

/// Longest comment, in characters.
pub const MAX_COMMENT_CHARS: usize = 4000;

/// Longest revision reason or justification, in characters.
pub const MAX_REASON_CHARS: usize = 1000;

/// Why a review action or a comment change was refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReviewProblem {
    /// Only an Ombudsman mentor with access to this pemda may review.
    NotMentor,
    /// The item is not in a state this action applies to (not submitted yet, or already so).
    NotApplicable,
    /// The cycle is not active: reviews and comments are closed.
    CycleNotActive,
    /// Only the author may edit a comment.
    NotAuthor,
    /// The edit window has passed.
    EditWindowPassed,
}

/// Where the review of one answer stands. An answer that was never submitted has no review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ReviewStatus {
    /// Submitted, waiting for a mentor.
    Awaiting,
    /// A mentor asked for a revision, with a reason.
    RevisionRequested,
    /// Submitted again after a revision request, waiting for a mentor.
    Resubmitted,
    /// Accepted by a mentor.
    Accepted,
    /// Accepted, then the answer or its evidence changed: waiting for a mentor again.
    Outdated,
}

/// What happens to a review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReviewAction {
    /// The OPD submits its package (first time or again).
    Submit,
    /// A mentor asks for a revision.
    RequestRevision,
    /// A mentor accepts.
    Accept,
    /// The answer or its evidence changed.
    Change,
}

impl ReviewStatus {
    /// Every status, in the order filters list them.
    pub const ALL: [ReviewStatus; 5] = [
        ReviewStatus::Awaiting,
        ReviewStatus::Resubmitted,
        ReviewStatus::Outdated,
        ReviewStatus::RevisionRequested,
        ReviewStatus::Accepted,
    ];

    /// Stored value.
    pub fn code(self) -> &'static str {
        match self {
            ReviewStatus::Awaiting => "awaiting",
            ReviewStatus::RevisionRequested => "revision_requested",
            ReviewStatus::Resubmitted => "resubmitted",
            ReviewStatus::Accepted => "accepted",
            ReviewStatus::Outdated => "outdated",
        }
    }

    /// Reads a stored value.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Waiting for a mentor: these make the review queue.
    pub fn in_queue(self) -> bool {
        matches!(
            self,
            ReviewStatus::Awaiting | ReviewStatus::Resubmitted | ReviewStatus::Outdated
        )
    }

    /// The status after `action` from `from` (`None`: never submitted), or `None` when the
    /// action changes nothing.
    pub fn apply(from: Option<ReviewStatus>, action: ReviewAction) -> Option<ReviewStatus> {
        use ReviewAction as A;
        use ReviewStatus as S;
        match (from, action) {
            (None, A::Submit) => Some(S::Awaiting),
            (Some(S::RevisionRequested), A::Submit) => Some(S::Resubmitted),
            (
                Some(S::Awaiting | S::Resubmitted | S::Outdated | S::Accepted),
                A::RequestRevision,
            ) => Some(S::RevisionRequested),
            (
                Some(S::Awaiting | S::Resubmitted | S::Outdated | S::RevisionRequested),
                A::Accept,
            ) => Some(S::Accepted),
            (Some(S::Accepted), A::Change) => Some(S::Outdated),
            _ => None,
        }
    }
}

/// Why someone is notified.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum NoticeKind {
    /// Named with @ in a comment.
    Mention,
    /// Someone replied in a thread they wrote in.
    Reply,
    /// A mentor asked for a revision of their item.
    RevisionRequested,
    /// An OPD submitted again what the mentor had sent back.
    Resubmitted,
    /// A mentor accepted their item.
    Accepted,
}

impl NoticeKind {
    /// Every kind.
    pub const ALL: [NoticeKind; 5] = [
        NoticeKind::Mention,
        NoticeKind::Reply,
        NoticeKind::RevisionRequested,
        NoticeKind::Resubmitted,
        NoticeKind::Accepted,
    ];

    /// Stored value.
    pub fn code(self) -> &'static str {
        match self {
            NoticeKind::Mention => "mention",
            NoticeKind::Reply => "reply",
            NoticeKind::RevisionRequested => "revision_requested",
            NoticeKind::Resubmitted => "resubmitted",
            NoticeKind::Accepted => "accepted",
        }
    }

    /// Reads a stored value.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The Indonesian label used in e-mails.
    pub fn label_id(self) -> &'static str {
        match self {
            NoticeKind::Mention => "Anda disebut",
            NoticeKind::Reply => "Balasan baru",
            NoticeKind::RevisionRequested => "Perlu perbaikan",
            NoticeKind::Resubmitted => "Dikirim ulang",
            NoticeKind::Accepted => "Diterima",
        }
    }
}

/// How notifications reach a person by e-mail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum EmailPref {
    /// One e-mail per notification, right away.
    Immediate,
    /// One e-mail a day listing the day's notifications.
    Digest,
    /// No e-mail; the notification centre only.
    Off,
}

impl EmailPref {
    /// Every preference.
    pub const ALL: [EmailPref; 3] = [EmailPref::Immediate, EmailPref::Digest, EmailPref::Off];

    /// Stored value.
    pub fn code(self) -> &'static str {
        match self {
            EmailPref::Immediate => "immediate",
            EmailPref::Digest => "digest",
            EmailPref::Off => "off",
        }
    }

    /// Reads a stored value (unknown reads as immediate).
    pub fn from_code(code: &str) -> Self {
        Self::ALL
            .into_iter()
            .find(|p| p.code() == code)
            .unwrap_or(EmailPref::Immediate)
    }
}

fn handle_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '+' | '@')
}

/// The @handles written in `body`, lower-cased, in order, without repeats. A handle runs from
/// `@` over letters, digits and `._-+@`; a trailing full stop or hyphen is punctuation. An `@`
/// inside a word (an e-mail address written plainly) does not start a handle.
pub fn mentions(body: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for (start, len) in mention_spans(body) {
        let h = body[start + 1..start + len].to_lowercase();
        if !found.contains(&h) {
            found.push(h);
        }
    }
    found
}

/// Byte ranges (start of `@`, length) of every handle in `text`.
fn mention_spans(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut prev: Option<char> = None;
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        if c == '@' && !prev.is_some_and(|p| p.is_alphanumeric() || p == '@') {
            let rest = &text[i + 1..];
            let mut end = rest.find(|c: char| !handle_char(c)).unwrap_or(rest.len());
            while end > 0 && rest[..end].ends_with(['.', '-', '@']) {
                end -= 1;
            }
            if end > 0 {
                spans.push((i, end + 1));
                // Skip the handle's characters.
                while iter.peek().is_some_and(|(j, _)| *j < i + 1 + end) {
                    iter.next();
                }
                prev = rest[..end].chars().last();
                continue;
            }
        }
        prev = Some(c);
    }
    spans
}

/// The handle people type to mention the owner of `email`: the part before `@` when no one
/// else among `everyone` shares it, else the whole address.
pub fn handle_for(email: &str, everyone: &[&str]) -> String {
    let local = email.split('@').next().unwrap_or(email).to_lowercase();
    let shared = everyone
        .iter()
        .filter(|e| {
            e.split('@')
                .next()
                .unwrap_or(e)
                .eq_ignore_ascii_case(&local)
        })
        .count();
    if shared > 1 {
        email.to_lowercase()
    } else {
        local
    }
}

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Renders a comment to HTML that is safe to insert into a page.
///
/// The text is CommonMark (emphasis, lists, code, quotes, links) parsed by `pulldown-cmark`.
/// Safety does not rest on a sanitiser pass over finished HTML: every piece of HTML the writer
/// typed is turned back into plain text before rendering (so it shows as typed and never
/// reaches the page as markup), links keep only `http`, `https` and `mailto` addresses and get
/// `rel="nofollow noopener noreferrer"`, and images become links. `@handles` found in
/// `people` (handle → name) become highlighted names; other `@words` stay text.
#[cfg(feature = "ssr")]
pub fn render(body: &str, people: &std::collections::HashMap<String, String>) -> String {
    use pulldown_cmark::{html, CowStr, Event, Options, Parser, Tag, TagEnd};
    let mut events: Vec<Event<'_>> = Vec::new();
    // For each open link: whether it was kept.
    let mut links: Vec<bool> = Vec::new();
    let safe = |dest: &str| {
        let d = dest.trim().to_ascii_lowercase();
        d.starts_with("http://") || d.starts_with("https://") || d.starts_with("mailto:")
    };
    let mut in_code = false;
    for ev in Parser::new_ext(body, Options::ENABLE_STRIKETHROUGH) {
        match ev {
            Event::Html(s) | Event::InlineHtml(s) => events.push(Event::Text(s)),
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                let keep = safe(&dest_url);
                links.push(keep);
                if keep {
                    events.push(Event::InlineHtml(CowStr::from(format!(
                        "<a href=\"{}\" rel=\"nofollow noopener noreferrer\">",
                        escape_html(dest_url.trim())
                    ))));
                }
            }
            Event::End(TagEnd::Link | TagEnd::Image) => {
                if links.pop().unwrap_or(false) {
                    events.push(Event::InlineHtml(CowStr::from("</a>")));
                }
            }
            Event::Start(Tag::CodeBlock(k)) => {
                in_code = true;
                events.push(Event::Start(Tag::CodeBlock(k)));
            }
            Event::End(TagEnd::CodeBlock) => {
                in_code = false;
                events.push(Event::End(TagEnd::CodeBlock));
            }
            Event::Text(t) if !in_code && t.contains('@') => {
                let mut last = 0;
                for (start, len) in mention_spans(&t) {
                    let handle = t[start + 1..start + len].to_lowercase();
                    let Some(name) = people.get(&handle) else {
                        continue;
                    };
                    if start > last {
                        events.push(Event::Text(CowStr::from(t[last..start].to_owned())));
                    }
                    events.push(Event::InlineHtml(CowStr::from(format!(
                        "<span class=\"mention\" title=\"@{}\">@{}</span>",
                        escape_html(&handle),
                        escape_html(name)
                    ))));
                    last = start + len;
                }
                if last < t.len() {
                    events.push(Event::Text(CowStr::from(t[last..].to_owned())));
                }
            }
            other => events.push(other),
        }
    }
    let mut out = String::new();
    html::push_html(&mut out, events.into_iter());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_review_workflow() {
        use ReviewAction as A;
        use ReviewStatus as S;
        let mut s = None;
        for (action, next) in [
            (A::Submit, S::Awaiting),
            (A::RequestRevision, S::RevisionRequested),
            (A::Submit, S::Resubmitted),
            (A::Accept, S::Accepted),
            (A::Change, S::Outdated),
            (A::Accept, S::Accepted),
        ] {
            s = Some(
                ReviewStatus::apply(s, action).unwrap_or_else(|| panic!("{s:?} --{action:?}")),
            );
            assert_eq!(s, Some(next));
        }
        assert_eq!(ReviewStatus::apply(Some(S::Accepted), A::Submit), None);
        assert_eq!(ReviewStatus::apply(Some(S::Accepted), A::Accept), None);
        assert_eq!(
            ReviewStatus::apply(None, A::Accept),
            None,
            "nothing to accept"
        );
        assert_eq!(ReviewStatus::apply(Some(S::Awaiting), A::Change), None);
        for s in ReviewStatus::ALL {
            assert_eq!(ReviewStatus::from_code(s.code()), Some(s));
        }
        let queue: Vec<_> = ReviewStatus::ALL
            .into_iter()
            .filter(|s| s.in_queue())
            .collect();
        assert_eq!(queue, vec![S::Awaiting, S::Resubmitted, S::Outdated]);
    }

    #[test]
    fn mentions_are_found_and_punctuation_is_not_part_of_them() {
        assert_eq!(
            mentions("Mohon @pic.disdukcapil cek lagi, dan @Mentor. Terima kasih @pic.disdukcapil"),
            vec!["pic.disdukcapil", "mentor"]
        );
        assert_eq!(
            mentions("tulis ke budi@kab.go.id saja"),
            Vec::<String>::new()
        );
        assert_eq!(mentions("@a@b.test: ok"), vec!["a@b.test"]);
        assert_eq!(mentions("@ sendirian"), Vec::<String>::new());
    }

    #[test]
    fn handles_are_short_unless_shared() {
        let all = ["siti@kab.test", "budi@kab.test", "siti@ombudsman.test"];
        assert_eq!(handle_for("budi@kab.test", &all), "budi");
        assert_eq!(handle_for("siti@kab.test", &all), "siti@kab.test");
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn rendering_is_safe() {
        let people =
            std::collections::HashMap::from([("dewi".to_owned(), "Dewi <Lestari>".to_owned())]);
        let html = render(
            "<script>alert(1)</script>\n\n**Tebal** dan [tautan](javascript:alert(1)) \
             [baik](https://ombudsman.go.id \"x\") @dewi @orang <img src=x onerror=alert(1)>",
            &people,
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(html.contains("<strong>Tebal</strong>"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(html.contains(
            "<a href=\"https://ombudsman.go.id\" rel=\"nofollow noopener noreferrer\">baik</a>"
        ));
        assert!(
            html.contains("<span class=\"mention\" title=\"@dewi\">@Dewi &lt;Lestari&gt;</span>")
        );
        assert!(html.contains("@orang"));
        assert!(!html.contains("<img"), "{html}");
        let img = render(
            "![x](javascript:alert(1)) ![foto](https://a.test/f.png)",
            &people,
        );
        assert!(
            !img.contains("<img") && !img.contains("javascript"),
            "{img}"
        );
        assert!(img.contains("<a href=\"https://a.test/f.png\""), "{img}");
        let code = render("`@dewi` biasa", &people);
        assert!(code.contains("<code>@dewi</code>"), "{code}");
    }
}
