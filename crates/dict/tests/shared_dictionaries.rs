//! Loads every dictionary set in the shared reference data: the Phoenix
//! production dictionaries through both PETRARCH configurations, TABARI's
//! production verbs, and the dictionaries of both validation suites. All must
//! load with zero malformed entries.

use dyad_dict::{LoadOptions, load};
use dyad_testdata::shared_file;

fn load_clean(relative: &str, test: &str) -> Option<dyad_dict::Dictionaries> {
    let path = shared_file(relative, test)?;
    let (dict, report) = match load(&path, LoadOptions::default()) {
        Ok(x) => x,
        Err(e) => panic!("{relative}: {e}"),
    };
    assert!(report.skipped.is_empty());
    for w in &report.warnings {
        eprintln!("warning: {w}");
    }
    eprintln!("{relative}: {:?}", dict.summary());
    Some(dict)
}

#[test]
fn phoenix_petrarch2_config_loads_with_zero_errors() {
    let Some(d) = load_clean(
        "dictionaries/phoenix/PETR_config.ini",
        "phoenix_petrarch2_config",
    ) else {
        return;
    };
    let s = d.summary();
    assert!(s.actor_phrases > 30_000, "{s:?}");
    assert!(s.patterns > 4_000, "{s:?}");
    assert!(s.agents > 1_000, "{s:?}");
    assert!(s.discards > 100 && s.issues > 1_000, "{s:?}");
    assert!(s.transformations > 0);
}

#[test]
fn phoenix_petrarch1_config_loads_with_zero_errors() {
    let Some(d) = load_clean(
        "dictionaries/phoenix/PETR1_config.ini",
        "phoenix_petrarch1_config",
    ) else {
        return;
    };
    let s = d.summary();
    assert!(s.patterns > 10_000, "{s:?}");
}

#[test]
fn tabari_validation_project_loads() {
    let Some(d) = load_clean(
        "suites/tabari/Validate.project",
        "tabari_validation_project",
    ) else {
        return;
    };
    assert!(d.options.complex.no_actor_prior);
    assert_eq!(d.options.complex.verbs, 5);
    assert!(!d.times.is_empty());
}

#[test]
fn tabari_demo_project_loads() {
    load_clean("suites/tabari/TABARI.Demo.project", "tabari_demo_project");
}

#[test]
fn tabari_production_verbs_load() {
    let Some(d) = load_clean(
        "dictionaries/tabari/CAMEO.091003.master.verbs",
        "tabari_production_verbs",
    ) else {
        return;
    };
    assert!(d.summary().patterns > 10_000);
}

#[test]
fn tabari_production_options_load() {
    load_clean(
        "dictionaries/tabari/CAMEO.09b5.options",
        "tabari_production_options",
    );
}
