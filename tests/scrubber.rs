//! The scrubber's recall on a labelled set of invented personal data
//! (tests/fixtures/pii/labelled.tsv, written by scripts/make-pii-fixture.py): each
//! labelled sentence must be refused for publishing. Emails, phones, URLs and SSNs
//! must be caught at 99 % or better; names, addresses and birth dates are reported.
//! Clean sentences are reported too (a flagged one is lost content, not a leak).
//!
//! `cargo test --release --test scrubber -- --nocapture` prints the report.

use std::collections::BTreeMap;

use skillmine::scrub::Scrubber;

const REQUIRED: [&str; 4] = ["email", "phone", "url", "ssn"];
const MIN_RECALL: f64 = 0.99;

#[test]
fn recall_on_the_labelled_set() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/pii/labelled.tsv"
    );
    let text = std::fs::read_to_string(path).expect("labelled set");
    let scrubber = Scrubber::new();
    // kind → (caught, total)
    let mut tally: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut misses = Vec::new();
    for line in text.lines().skip(1) {
        let mut fields = line.splitn(3, '\t');
        let (kind, value, sentence) = (
            fields.next().expect("kind"),
            fields.next().expect("value"),
            fields.next().expect("sentence"),
        );
        let flagged = !scrubber.is_clean(sentence, &[]);
        let counts = tally.entry(kind.to_string()).or_default();
        counts.1 += 1;
        if flagged == (kind != "none") {
            counts.0 += 1;
        } else {
            misses.push(format!("{kind}: {value:?} in {sentence:?}"));
        }
    }
    println!("kind      caught / total  recall");
    for (kind, (caught, total)) in &tally {
        let label = if kind == "none" {
            "none (clean, kept)"
        } else {
            kind
        };
        println!(
            "{label:<9} {caught:>6} / {total:<5} {:.3}",
            *caught as f64 / *total as f64
        );
    }
    for miss in &misses {
        println!("missed {miss}");
    }
    for kind in REQUIRED {
        let (caught, total) = tally[kind];
        assert!(total >= 100, "{kind}: only {total} labelled examples");
        let recall = caught as f64 / total as f64;
        assert!(
            recall >= MIN_RECALL,
            "{kind} recall {recall:.3} < {MIN_RECALL}"
        );
    }
}
