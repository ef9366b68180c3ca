//! The coder's general behaviours on small dictionaries written here: who is
//! the source and the target, agents, compounds, passives, negation, reported
//! speech, deleted comma clauses, paired codes, discards, dated actors,
//! pronouns across sentences, and provenance. Each case is one rule, stated
//! in its test name.

use dyad_coder::Coder;
use dyad_dict::{CoderOptions, FileKind, LoadOptions, ParseStyle};
use dyad_model::{Document, parse_date};
use std::path::PathBuf;
use std::sync::Arc;

const VERBS: &str = "\
ATTACK [190]
SEND [---]
{ SENT }
- * TROOPS TO + [072]
SAY [010?]
{ SAID }
ACCUSE [112]
- * + OF SPYING [1121]
TRADE [061:061]
CRITICIZE [111]
";

const ACTORS: &str = "\
NORTH_KOREA [PRK]
NORTH_KOREAN [PRK]
RUSSIA [RUS]
RUSSIAN [RUS]
UKRAINE [UKR]
JAPAN [JPN]
CHINA [CHN]
PRESIDENT_SMITH [CAN <200101] [USA]
PHANTOM_LAND [###]
";

const AGENTS: &str = "\
SOLDIER [~MIL]
FOREIGN_MINISTRY [~GOV]
";

fn tabari_coder() -> Coder {
    let files = vec![
        (
            PathBuf::from("t.verbs"),
            FileKind::TabariVerbs,
            VERBS.into(),
        ),
        (
            PathBuf::from("t.actors"),
            FileKind::TabariActors,
            ACTORS.into(),
        ),
        (
            PathBuf::from("t.agents"),
            FileKind::TabariAgents,
            AGENTS.into(),
        ),
    ];
    let options = CoderOptions {
        min_words: 0,
        negation: true,
        report_clauses: true,
        ..CoderOptions::tabari()
    };
    let (dict, _) = dyad_dict::load_files(files, options, LoadOptions::default()).unwrap();
    Coder::new(Arc::new(dict))
}

/// `SOURCE/TARGET/CODE` of every event of `text` as one document.
fn code(coder: &Coder, text: &str, date: &str) -> Vec<String> {
    let doc = Document {
        id: "t".into(),
        date: parse_date(date),
        text: text.into(),
        ..Document::default()
    };
    coder
        .code_document(&doc)
        .unwrap()
        .events
        .iter()
        .map(|e| format!("{}/{}/{}", e.source, e.target, e.code))
        .collect()
}

#[test]
fn subject_verb_object() {
    assert_eq!(
        code(
            &tabari_coder(),
            "North Korea attacked Ukraine.",
            "2024-05-01"
        ),
        ["PRK/UKR/190"]
    );
}

#[test]
fn an_agent_joins_its_actor() {
    assert_eq!(
        code(
            &tabari_coder(),
            "North Korean soldiers attacked Ukraine.",
            "2024-05-01"
        ),
        ["PRKMIL/UKR/190"]
    );
    assert_eq!(
        code(
            &tabari_coder(),
            "The Russian foreign ministry criticized Japan.",
            "2024-05-01"
        ),
        ["RUSGOV/JPN/111"]
    );
}

#[test]
fn a_compound_actor_gives_one_event_per_member() {
    assert_eq!(
        code(
            &tabari_coder(),
            "Russia and China attacked Ukraine.",
            "2024-05-01"
        ),
        ["RUS/UKR/190", "CHN/UKR/190"]
    );
}

#[test]
fn a_passive_with_by_swaps_source_and_target() {
    assert_eq!(
        code(
            &tabari_coder(),
            "Ukraine was attacked by Russia.",
            "2024-05-01"
        ),
        ["RUS/UKR/190"]
    );
}

#[test]
fn a_negated_verb_codes_nothing() {
    let c = tabari_coder();
    assert!(code(&c, "Russia did not attack Ukraine.", "2024-05-01").is_empty());
    assert!(code(&c, "Russia has never attacked Ukraine.", "2024-05-01").is_empty());
    assert!(code(&c, "Russia didn't attack Ukraine.", "2024-05-01").is_empty());
    // the negation of one clause does not reach the next
    assert_eq!(
        code(
            &c,
            "Russia did not attack Ukraine but criticized Japan.",
            "2024-05-01"
        ),
        ["RUS/JPN/111"]
    );
}

#[test]
fn a_reported_clause_has_its_own_source() {
    let c = tabari_coder();
    assert_eq!(
        code(&c, "Japan said Russia attacked Ukraine.", "2024-05-01"),
        ["RUS/UKR/190"]
    );
    assert_eq!(
        code(&c, "Japan said that Russia attacked Ukraine.", "2024-05-01"),
        ["RUS/UKR/190"]
    );
    // a subordinate "said" gives way to the event it reports; "it" is Japan
    assert_eq!(
        code(&c, "Japan said it would attack Russia.", "2024-05-01"),
        ["JPN/RUS/190"]
    );
    // an adjunct before THAT, auxiliaries before the reported verb
    assert_eq!(
        code(
            &c,
            "Japan said on Monday that Russia had attacked Ukraine.",
            "2024-05-01"
        ),
        ["RUS/UKR/190"]
    );
}

#[test]
fn a_comma_clause_is_deleted() {
    assert_eq!(
        code(
            &tabari_coder(),
            "Russia, which sent troops to Ukraine last year, attacked Japan.",
            "2024-05-01"
        ),
        ["RUS/JPN/190"]
    );
}

#[test]
fn patterns_refine_the_code_and_find_the_target() {
    let c = tabari_coder();
    assert_eq!(
        code(&c, "North Korea sent troops to Russia.", "2024-05-01"),
        ["PRK/RUS/072"]
    );
    assert_eq!(
        code(&c, "Russia accused Japan of spying.", "2024-05-01"),
        ["RUS/JPN/1121"]
    );
    // without its pattern's words the verb has no code of its own ([---])
    assert!(code(&c, "North Korea sent a letter to Russia.", "2024-05-01").is_empty());
}

#[test]
fn a_paired_code_gives_both_directions() {
    assert_eq!(
        code(&tabari_coder(), "Russia traded with China.", "2024-05-01"),
        ["RUS/CHN/061", "CHN/RUS/061"]
    );
}

#[test]
fn a_discard_actor_drops_the_sentence() {
    let c = tabari_coder();
    assert!(code(&c, "Phantom Land attacked Russia.", "2024-05-01").is_empty());
    // only that sentence
    assert_eq!(
        code(
            &c,
            "Phantom Land attacked Russia. Japan criticized China.",
            "2024-05-01"
        ),
        ["JPN/CHN/111"]
    );
}

#[test]
fn dated_actor_codes_follow_the_document_date() {
    let c = tabari_coder();
    assert_eq!(
        code(&c, "President Smith criticized Japan.", "2019-06-01"),
        ["CAN/JPN/111"]
    );
    assert_eq!(
        code(&c, "President Smith criticized Japan.", "2021-06-01"),
        ["USA/JPN/111"]
    );
}

#[test]
fn a_pronoun_refers_to_the_previous_sentence_first_actor() {
    assert_eq!(
        code(
            &tabari_coder(),
            "Japan attacked Russia on Monday. It also criticized China.",
            "2024-05-01"
        ),
        ["JPN/RUS/190", "JPN/CHN/111"]
    );
}

#[test]
fn events_carry_the_words_and_rule_that_produced_them() {
    let c = tabari_coder();
    let doc = Document {
        id: "d".into(),
        date: parse_date("2024-05-01"),
        text: "Talks stalled. North Korean soldiers attacked Ukraine on Monday.".into(),
        ..Document::default()
    };
    let coded = c.code_document(&doc).unwrap();
    let e = &coded.events[0];
    assert_eq!(e.sentence_index, 1);
    assert_eq!(
        e.sentence,
        "North Korean soldiers attacked Ukraine on Monday."
    );
    assert_eq!(
        &doc.text[e.sentence_start..][..e.sentence.len()],
        e.sentence
    );
    assert_eq!(e.source_text, "North Korean soldiers");
    assert_eq!(e.target_text, "Ukraine");
    assert_eq!(e.verb_text, "attacked");
    assert_eq!((e.rule.file.as_str(), e.rule.line), ("t.verbs", 1));
    assert_eq!(e.quad_class.map(|q| q.number()), Some(4));
    assert_eq!(e.goldstein, Some(-10.0));
}

// ---- PETRARCH style: noun phrases instead of adjacent words ----------------

/// A coder over PETRARCH-format verb, actor and agent files given as text.
fn petrarch_files_coder(verbs: &str, actors: &str, agents: &str, options: CoderOptions) -> Coder {
    let files = vec![
        (
            PathBuf::from("v.txt"),
            FileKind::PetrarchVerbs,
            verbs.into(),
        ),
        (
            PathBuf::from("a.txt"),
            FileKind::PetrarchActors,
            actors.into(),
        ),
        (
            PathBuf::from("g.txt"),
            FileKind::PetrarchAgents,
            agents.into(),
        ),
    ];
    let (dict, _) = dyad_dict::load_files(files, options, LoadOptions::default()).unwrap();
    Coder::new(Arc::new(dict))
}

fn petrarch_coder() -> Coder {
    let verbs = "--- CRITICIZE [111] ---\nCRITICIZE\n\n--- MEET [040] ---\nMEET {MEETS MET MEETING}\n- * WITH + [040]\n";
    let actors = "GONDOR [GON]\nARNOR [ARN]\nDANISH [DNK]\nMORDOR [MOR]\n";
    let agents =
        "SOLDIER [~MIL]\nMEDIA {} [~MED]\nGOVERNMENT [~GOV]\nLAWMAKER [~LEG]\nOFFICIAL [~GOV]\n";
    let options = CoderOptions {
        style: ParseStyle::Petrarch,
        comma: dyad_dict::options::CommaLimits::PETRARCH,
        ..CoderOptions::default()
    };
    petrarch_files_coder(verbs, actors, agents, options)
}

#[test]
fn petrarch_style_agents_take_the_actor_of_their_noun_phrase() {
    let c = petrarch_coder();
    assert_eq!(
        code(&c, "Soldiers from Gondor criticized Arnor.", "2024-05-01"),
        ["GONMIL/ARN/111"]
    );
    assert_eq!(
        code(
            &c,
            "The Danish media and government criticized Mordor.",
            "2024-05-01"
        ),
        ["DNKMED/MOR/111", "DNKGOV/MOR/111"]
    );
    assert_eq!(
        code(
            &c,
            "Lawmakers and officials in Gondor and Arnor criticized Mordor.",
            "2024-05-01"
        ),
        [
            "GONLEG/MOR/111",
            "ARNLEG/MOR/111",
            "GONGOV/MOR/111",
            "ARNGOV/MOR/111"
        ]
    );
}

#[test]
fn petrarch_style_agents_match_listed_plurals_only() {
    let c = petrarch_coder();
    // MEDIA has no plural ({}); SOLDIER gets SOLDIERS
    assert_eq!(
        code(&c, "Gondor soldiers criticized Arnor.", "2024-05-01"),
        ["GONMIL/ARN/111"]
    );
    assert_eq!(
        code(&c, "Gondor medias criticized Arnor.", "2024-05-01"),
        ["GON/ARN/111"]
    );
}

// ---- secondary clauses: participles, inheritance, frames -------------------

fn clause_coder(on: bool) -> Coder {
    let verbs = "\
--- CRITICIZE [111] ---
CRITICIZE

--- ACCUSE [112] ---
ACCUSE

--- DEMAND [100] ---
DEMAND

--- URGE [020] ---
URGE

--- EXPEL [174] ---
EXPEL {EXPELS EXPELLED EXPELLING}

--- ATTACK [190] ---
ATTACK

--- ALLOW [0862] ---
ALLOW

--- MEET [040:040] ---
MEET {MEETS MET MEETING}

--- VISIT [042:043] ---
VISIT {VISITED VISITING}

--- MEDIATE [045] ---
MEDIATE

--- HOST [043:042] ---
HOST {HOSTS HOSTED HOSTING}

--- SEND [---] ---
SEND {SENDS SENT SENDING}
- * TROOPS TO + [072]

--- SWAP [---] ---
SWAP {SWAPS SWAPPED SWAPPING}
- % * [0841]

--- LAUNCH [195] ---
LAUNCH

--- KILL [190] ---
KILL

--- CLAIM_RESPONSIBILITY [015] ---
CLAIM_RESPONSIBILITY

--- VIOLATE [---] ---
VIOLATE {VIOLATES VIOLATED VIOLATING}
STRAY {STRAYS STRAYED STRAYING}
- * AIRSPACE [150]

--- SUPPLY [070] ---
SUPPLY {SUPPLIES SUPPLIED SUPPLYING}
";
    let actors = "GONDOR [GON]\nARNOR [ARN]\nMORDOR [MOR]\nROHAN [ROH]\nORC_HORDE [MORREBORC]\n\
                  WHITE_COUNCIL [IGOWHC]\n";
    let agents = "DIPLOMAT [~GOV]\nKING [~GOV]\nSOLDIER [~MIL]\nREBEL [~REB]\n";
    // dyad.ini's comma limits: final comma clauses are kept
    let comma = dyad_dict::options::CommaLimits {
        end_max: 0,
        ..dyad_dict::options::CommaLimits::PETRARCH
    };
    let options = CoderOptions {
        style: ParseStyle::Petrarch,
        comma,
        participle_clauses: on,
        inherit_actors: on,
        frames: on,
        place_countries: on,
        meeting_places: on,
        ..CoderOptions::default()
    };
    petrarch_files_coder(verbs, actors, agents, options)
}

#[test]
fn a_meeting_in_a_partys_country_is_a_visit() {
    let c = clause_coder(true);
    assert_eq!(
        code(
            &c,
            "The Gondor king met the Arnor king in Arnor on Monday.",
            "2024-05-01"
        ),
        ["GONGOV/ARNGOV/042", "ARNGOV/GONGOV/043"]
    );
    // in a third country, a meeting abroad
    assert_eq!(
        code(
            &c,
            "The Gondor king met the Arnor king in Rohan on Monday.",
            "2024-05-01"
        ),
        ["GONGOV/ARNGOV/044", "ARNGOV/GONGOV/044"]
    );
    assert_eq!(
        code(
            &clause_coder(false),
            "The Gondor king met the Arnor king in Rohan on Monday.",
            "2024-05-01"
        ),
        ["GONGOV/ARNGOV/040", "ARNGOV/GONGOV/040"]
    );
}

#[test]
fn a_relative_clause_after_an_actor_has_that_actor_as_subject() {
    assert_eq!(
        code(
            &clause_coder(true),
            "Gondor criticized Mordor on Monday, joining Arnor, which criticized the raid on Sunday.",
            "2024-05-01"
        ),
        ["GON/MOR/111", "ARN/MOR/111"]
    );
}

#[test]
fn the_act_claimed_is_coded_beside_the_claim() {
    assert_eq!(
        code(
            &clause_coder(true),
            "Mordor claimed responsibility for an attack on Gondor.",
            "2024-05-01"
        ),
        ["MOR/GON/015", "MOR/GON/190"]
    );
    assert_eq!(
        code(
            &clause_coder(true),
            "Mordor claimed responsibility on Monday for an attack on Gondor.",
            "2024-05-01"
        ),
        ["MOR/GON/015", "MOR/GON/190"]
    );
}

#[test]
fn comma_and_between_two_actors_joins_clauses() {
    let s = "Mordor attacked Rohan despite a truce with Gondor, and Arnor criticized Mordor.";
    assert_eq!(
        code(&clause_coder(true), s, "2024-05-01"),
        ["MOR/ROH/190", "ARN/MOR/111"]
    );
    // PETRARCH reads "Gondor, and Arnor" as a compound
    assert_eq!(code(&clause_coder(false), s, "2024-05-01"), ["MOR/ROH/190"]);
}

#[test]
fn and_before_a_number_joins_the_nouns_of_an_object() {
    let s = "Mordor launched 40 drones and four missiles at Gondor.";
    assert_eq!(code(&clause_coder(true), s, "2024-05-01"), ["MOR/GON/195"]);
    assert_eq!(
        code(&clause_coder(false), s, "2024-05-01"),
        Vec::<String>::new()
    );
}

#[test]
fn a_target_without_a_country_takes_the_country_of_the_place() {
    let s = "Mordor attacked two soldiers on Monday near Gondor.";
    assert_eq!(
        code(&clause_coder(true), s, "2024-05-01"),
        ["MOR/GONMIL/190"]
    );
    assert_eq!(
        code(&clause_coder(false), s, "2024-05-01"),
        ["MOR/---MIL/190"]
    );
}

#[test]
fn being_verbed_by_is_a_passive() {
    assert_eq!(
        code(
            &clause_coder(true),
            "Gondor feared being attacked by Mordor.",
            "2024-05-01"
        ),
        ["MOR/GON/190"]
    );
}

#[test]
fn killing_after_a_violent_act_is_the_same_act() {
    assert_eq!(
        code(
            &clause_coder(true),
            "Mordor attacked Gondor on Monday, killing ten Gondor soldiers.",
            "2024-05-01"
        ),
        ["MOR/GON/190"]
    );
    // after a non-violent act it is coded
    assert_eq!(
        code(
            &clause_coder(true),
            "Mordor criticized Gondor on Monday, killing ten Arnor soldiers.",
            "2024-05-01"
        ),
        ["MOR/GON/111", "MOR/ARNMIL/190"]
    );
}

#[test]
fn a_participle_after_a_comma_is_a_clause_with_the_main_subject() {
    let s = "Gondor expelled two Arnor diplomats on Monday, accusing them of spying.";
    // the pronoun object stands for the main clause's object
    assert_eq!(
        code(&clause_coder(true), s, "2024-05-01"),
        ["GON/ARNGOV/174", "GON/ARNGOV/112"]
    );
    // PETRARCH reads one clause
    assert_eq!(
        code(&clause_coder(false), s, "2024-05-01"),
        ["GON/ARNGOV/174"]
    );
    // a participle with its own object
    assert_eq!(
        code(
            &clause_coder(true),
            "Gondor expelled two Arnor diplomats, accusing Mordor of spying.",
            "2024-05-01"
        ),
        ["GON/ARNGOV/174", "GON/MOR/112"]
    );
}

#[test]
fn the_predicate_after_a_long_appositive_is_kept() {
    // PETRARCH's internal limits keep the ten-word appositive and delete the
    // next comma clause, which holds the subject's own verb
    let s = "The Gondor king, the proud ancient ruler of the white city by the western sea, \
             expelled two Arnor diplomats on Monday, accusing them of spying.";
    assert_eq!(
        code(&clause_coder(true), s, "2024-05-01"),
        ["GONGOV/ARNGOV/174", "GONGOV/ARNGOV/112"]
    );
    assert_eq!(
        code(&clause_coder(false), s, "2024-05-01"),
        Vec::<String>::new()
    );
}

#[test]
fn prompting_y_to_react_targets_the_main_subject() {
    assert_eq!(
        code(
            &clause_coder(true),
            "Mordor attacked Rohan on Monday, prompting Gondor to criticize the raid.",
            "2024-05-01"
        ),
        ["MOR/ROH/190", "GON/MOR/111"]
    );
}

#[test]
fn a_clause_after_and_inherits_subject_and_target() {
    let c = clause_coder(true);
    assert_eq!(
        code(
            &c,
            "Gondor criticized Arnor on Monday and demanded an apology.",
            "2024-05-01"
        ),
        ["GON/ARN/111", "GON/ARN/100"]
    );
    // the subject carries even when the first clause coded nothing
    assert_eq!(
        code(
            &c,
            "Gondor criticized the raid and urged Arnor to stop.",
            "2024-05-01"
        ),
        ["GON/ARN/020"]
    );
    assert_eq!(
        code(
            &clause_coder(false),
            "Gondor criticized the raid and urged Arnor to stop.",
            "2024-05-01"
        ),
        Vec::<String>::new()
    );
    // an appeal whose addressee is no actor does not inherit one
    assert_eq!(
        code(
            &c,
            "Gondor criticized Arnor on Monday and urged other allies to act.",
            "2024-05-01"
        ),
        ["GON/ARN/111"]
    );
    // a bare verb after AND belongs to the previous verb
    assert_eq!(
        code(
            &c,
            "Gondor urged Arnor to stop the raids and allow inspectors in.",
            "2024-05-01"
        ),
        ["GON/ARN/020"]
    );
}

#[test]
fn a_leading_according_to_is_no_subject() {
    let s = "According to Gondor's spies, Mordor is sending troops to Rohan.";
    assert_eq!(code(&clause_coder(true), s, "2024-05-01"), ["MOR/ROH/072"]);
}

#[test]
fn a_subordinate_clause_has_its_own_subject() {
    assert_eq!(
        code(
            &clause_coder(true),
            "Gondor criticized Mordor after Arnor accused Rohan of spying.",
            "2024-05-01"
        ),
        ["GON/MOR/111", "ARN/ROH/112"]
    );
}

#[test]
fn a_visit_framed_by_during_is_coded_with_the_clause_subject() {
    let s = "The Gondor king criticized Mordor during a short visit to Arnor.";
    assert_eq!(
        code(&clause_coder(true), s, "2024-05-01"),
        ["GONGOV/MOR/111", "GONGOV/ARN/042", "ARN/GONGOV/043"]
    );
    assert_eq!(
        code(&clause_coder(false), s, "2024-05-01"),
        ["GONGOV/MOR/111"]
    );
    // a possessive name the actor files lack does not end the frame
    assert_eq!(
        code(
            &clause_coder(true),
            "The Gondor king criticized Mordor during Aragorn's short visit to Arnor.",
            "2024-05-01"
        ),
        ["GONGOV/MOR/111", "GONGOV/ARN/042", "ARN/GONGOV/043"]
    );
}

#[test]
fn an_actor_list_after_a_comma_is_not_a_comma_clause() {
    let s = "Talks ended on Monday, with Arnor, Gondor and Rohan criticizing Mordor.";
    assert_eq!(
        code(&clause_coder(true), s, "2024-05-01"),
        ["ARN/MOR/111", "GON/MOR/111", "ROH/MOR/111"]
    );
    // PETRARCH deletes ", with Arnor," as a comma clause
    assert_eq!(
        code(&clause_coder(false), s, "2024-05-01"),
        ["GON/MOR/111", "ROH/MOR/111"]
    );
}

#[test]
fn mediated_by_after_a_symmetric_event_codes_the_mediator() {
    let c = clause_coder(true);
    assert_eq!(
        code(
            &c,
            "Gondor and Arnor swapped prisoners in an exchange mediated by Rohan.",
            "2024-05-01"
        ),
        ["GON/ARN/0841", "ARN/GON/0841", "ROH/GON/045", "ROH/ARN/045"]
    );
    // not after a one-way event
    assert_eq!(
        code(
            &c,
            "Gondor criticized a truce mediated by Rohan.",
            "2024-05-01"
        ),
        ["GON/ROH/111"]
    );
}

// ---- precision rules: agentless passives, noun modifiers, modals -----------

fn precision_coder(on: bool) -> Coder {
    let verbs = "\
&MAYBE_
+COULD
+MIGHT

&FUTURE_
+WOULD

--- CRITICIZE [111] ---
CRITICIZE

--- ACCUSE [112] ---
ACCUSE

--- VISIT [042:043] ---
VISIT {VISITS VISITED VISITING}

--- ATTACK [190] ---
ATTACK {ATTACKS ATTACKED ATTACKING}

--- MEET [040] ---
MEET {MEETS MET MEETING}
- &FUTURE_ * WITH + [036]
";
    let actors = "GONDOR [GON]\nARNOR [ARN]\nMORDOR [MOR]\nROHAN [ROH]\nTHE_HERALD [ROHMED]\n";
    let agents = "KING [~GOV]\nSOLDIER [~MIL]\n";
    let options = CoderOptions {
        style: ParseStyle::Petrarch,
        agentless_passive: on,
        noun_modifiers: on,
        modals: on,
        non_parties: on,
        // dyad.ini's comma limits: final comma clauses are kept
        comma: dyad_dict::options::CommaLimits {
            end_max: 0,
            ..dyad_dict::options::CommaLimits::PETRARCH
        },
        ..CoderOptions::default()
    };
    petrarch_files_coder(verbs, actors, agents, options)
}

#[test]
fn an_agentless_passive_gives_no_source() {
    let s = "Gondor was sharply criticized for its raid on Arnor.";
    assert_eq!(
        code(&precision_coder(true), s, "2024-05-01"),
        Vec::<String>::new()
    );
    assert_eq!(
        code(&precision_coder(false), s, "2024-05-01"),
        ["GON/ARN/111"]
    );
    // with BY the passive swaps as before
    assert_eq!(
        code(
            &precision_coder(true),
            "Gondor was criticized by Arnor.",
            "2024-05-01"
        ),
        ["ARN/GON/111"]
    );
}

#[test]
fn a_possessive_or_noun_before_a_verb_form_makes_it_a_noun() {
    for s in [
        "Mordor's attack on Arnor angered Rohan.",
        "Gondor said a border attack on Arnor angered Rohan.",
        "Gondor said an Arnor visit angered Rohan.",
    ] {
        assert_eq!(
            code(&precision_coder(true), s, "2024-05-01"),
            Vec::<String>::new(),
            "{s}"
        );
        assert!(
            !code(&precision_coder(false), s, "2024-05-01").is_empty(),
            "{s}"
        );
    }
    // a past tense stays a verb
    assert_eq!(
        code(
            &precision_coder(true),
            "The Gondor border guards attacked Arnor.",
            "2024-05-01"
        ),
        ["GON/ARN/190"]
    );
}

#[test]
fn a_modal_verb_codes_only_through_a_pattern_that_reads_the_modal() {
    let s = "Gondor could attack Arnor.";
    assert_eq!(
        code(&precision_coder(true), s, "2024-05-01"),
        Vec::<String>::new()
    );
    assert_eq!(
        code(&precision_coder(false), s, "2024-05-01"),
        ["GON/ARN/190"]
    );
    // a pattern that reads WOULD codes the intent
    assert_eq!(
        code(
            &precision_coder(true),
            "Gondor would meet with Arnor.",
            "2024-05-01"
        ),
        ["GON/ARN/036"]
    );
    // a condition and its consequence are hypothetical too
    for s in [
        "If Gondor attacked Arnor, Rohan would be angry.",
        "If the talks fail, Gondor will attack Arnor.",
    ] {
        assert_eq!(
            code(&precision_coder(true), s, "2024-05-01"),
            Vec::<String>::new(),
            "{s}"
        );
    }
    // "said it would" is the reported intent, not a hypothetical
    assert_eq!(
        code(
            &precision_coder(true),
            "Gondor said it would attack Arnor.",
            "2024-05-01"
        ),
        ["GON/ARN/190"]
    );
}

#[test]
fn what_a_denial_reports_codes_nothing() {
    for s in [
        "Gondor denied that its soldiers had attacked Arnor.",
        "Gondor rejected claims that it attacked Arnor.",
        "Gondor dismissed reports that its army attacked Arnor.",
    ] {
        assert_eq!(
            code(&precision_coder(true), s, "2024-05-01"),
            Vec::<String>::new(),
            "{s}"
        );
        assert!(
            !code(&precision_coder(false), s, "2024-05-01").is_empty(),
            "{s}"
        );
    }
    // a clause after the denial's conjunction is asserted again
    assert_eq!(
        code(
            &precision_coder(true),
            "Gondor denied that it had attacked Arnor but criticized Rohan.",
            "2024-05-01"
        ),
        ["GON/ROH/111"]
    );
}

#[test]
fn what_is_wished_or_suggested_codes_nothing() {
    for s in [
        "Gondor suggested that its soldiers attack Arnor.",
        "Gondor wants its army to attack Arnor.",
        "Gondor is considering a plan to attack Arnor.",
    ] {
        assert_eq!(
            code(&precision_coder(true), s, "2024-05-01"),
            Vec::<String>::new(),
            "{s}"
        );
        assert!(
            !code(&precision_coder(false), s, "2024-05-01").is_empty(),
            "{s}"
        );
    }
}

#[test]
fn a_venue_a_document_or_an_interviewing_outlet_is_no_party() {
    for (s, on, off) in [
        (
            "Gondor met Arnor at the Rohan summit.",
            vec!["GON/ARN/040"],
            vec!["GON/ARN/040"],
        ),
        (
            "Gondor criticized the Rohan peace agreement.",
            vec![],
            vec!["GON/ROH/111"],
        ),
        (
            "Gondor sharply criticized in an interview with The Herald the raid on Arnor.",
            vec!["GON/ARN/111"],
            vec!["GON/ROHMED/111"],
        ),
        (
            "Gondor criticized according to Rohan the raid on Arnor.",
            vec!["GON/ARN/111"],
            vec!["GON/ROH/111"],
        ),
    ] {
        assert_eq!(code(&precision_coder(true), s, "2024-05-01"), on, "{s}");
        assert_eq!(code(&precision_coder(false), s, "2024-05-01"), off, "{s}");
    }
}

#[test]
fn a_relative_clause_after_a_deleted_clause_with_a_verb_has_no_subject() {
    let c = clause_coder(true);
    // the antecedent of WHICH is in the deleted ", a move opposed by Rohan,"
    let s = "Gondor visited Arnor, a move opposed by Rohan, which criticized Mordor.";
    let events = code(&c, s, "2024-05-01");
    assert!(
        !events.iter().any(|e| e.ends_with("/MOR/111")),
        "{events:?}"
    );
    // an appositive leaves the actor before it as the antecedent
    let s = "Gondor visited Rohan, a neighbour, which criticized Mordor.";
    assert!(code(&c, s, "2024-05-01").iter().any(|e| e == "ROH/MOR/111"));
}

#[test]
fn a_relative_clause_with_its_own_subject_has_the_antecedent_as_object() {
    let c = clause_coder(true);
    // the antecedent is a thing: the reaction is to whoever made it
    assert_eq!(
        code(
            &c,
            "Gondor sent an offer on Monday, which Mordor criticized.",
            "2024-05-01"
        ),
        ["MOR/GON/111"]
    );
    assert_eq!(
        code(
            &c,
            "Gondor sent an offer that Mordor criticized.",
            "2024-05-01"
        ),
        ["MOR/GON/111"]
    );
    // the antecedent is an actor: it is the object
    assert_eq!(
        code(
            &c,
            "Rohan criticized Arnor, which Mordor attacked on Monday.",
            "2024-05-01"
        ),
        ["ROH/ARN/111", "MOR/ARN/190"]
    );
    // THAT after a time adjunct or a bare addressee opens no relative clause
    assert_eq!(
        code(
            &c,
            "Gondor demanded on Monday that Mordor criticized Arnor.",
            "2024-05-01"
        ),
        code(
            &c,
            "Gondor demanded that Mordor criticized Arnor.",
            "2024-05-01"
        )
    );
    assert_eq!(
        code(
            &clause_coder(false),
            "Gondor sent an offer that Mordor criticized.",
            "2024-05-01"
        ),
        Vec::<String>::new()
    );
}

#[test]
fn a_leading_participle_takes_the_next_clauses_subject() {
    let c = clause_coder(true);
    assert_eq!(
        code(
            &c,
            "Visiting Arnor on Monday, the Gondor king criticized Mordor.",
            "2024-05-01"
        ),
        ["GONGOV/ARN/042", "ARN/GONGOV/043", "GONGOV/MOR/111"]
    );
    // a gerund subject with its own finite verb is no leading participle
    assert_eq!(
        code(
            &c,
            "Visiting Arnor is a risk, the Gondor king said.",
            "2024-05-01"
        ),
        Vec::<String>::new()
    );
}

#[test]
fn the_place_an_attack_is_on_gives_the_victims_country() {
    assert_eq!(
        code(
            &clause_coder(true),
            "A Mordor strike on the centre of Gondor killed three soldiers.",
            "2024-05-01"
        ),
        ["MOR/GONMIL/190"]
    );
    assert_eq!(
        code(
            &clause_coder(false),
            "A Mordor strike on the centre of Gondor killed three soldiers.",
            "2024-05-01"
        ),
        ["MOR/---MIL/190"]
    );
}

#[test]
fn a_leading_prepositional_phrase_holds_no_subject() {
    let c = clause_coder(true);
    assert_eq!(
        code(
            &c,
            "After a raid on Arnor on Monday, the kings of Gondor criticized Mordor.",
            "2024-05-01"
        ),
        ["GONGOV/MOR/111"]
    );
    // nor a member of the subject's list
    assert_eq!(
        code(
            &c,
            "After months of Rohan mediation, Gondor and Arnor swapped prisoners.",
            "2024-05-01"
        ),
        ["GON/ARN/0841", "ARN/GON/0841"]
    );
    // an actor list over several commas is a subject, not a comma clause
    assert_eq!(
        code(
            &c,
            "After a raid on Numenor, the kings of Arnor, Rohan and Gondor criticized Mordor.",
            "2024-05-01"
        ),
        ["ARNGOV/MOR/111", "ROHGOV/MOR/111", "GONGOV/MOR/111"]
    );
}

#[test]
fn a_leading_frame_takes_the_main_clauses_subject() {
    assert_eq!(
        code(
            &clause_coder(true),
            "In a visit to Arnor on Monday, the Gondor king criticized Mordor.",
            "2024-05-01"
        ),
        ["GONGOV/ARN/042", "ARN/GONGOV/043", "GONGOV/MOR/111"]
    );
}

// ---- places, targets after AGAINST, consultation frames ----------------------

fn place_coder(on: bool) -> Coder {
    place_coder_with(
        on,
        CoderOptions {
            place_countries: on,
            meeting_places: on,
            ..CoderOptions::default()
        },
    )
}

/// The place coder's files with the clause options `on` and `extra`'s own
/// country and sense options.
fn place_coder_with(on: bool, extra: CoderOptions) -> Coder {
    let verbs = "\
--- CRITICIZE [111] ---
CRITICIZE

--- BLAME [112] ---
BLAME {BLAMES BLAMED BLAMING}

--- STORM [145] ---
STORM {STORMS STORMED STORMING}

--- BURN [1712] ---
BURN {BURNS BURNED BURNING}

--- EXPEL [174] ---
EXPEL {EXPELS EXPELLED EXPELLING}
- TO_* [---]

--- HOST [043:042] ---
HOST {HOSTS HOSTED HOSTING}

--- SUSPEND [---] ---
HALT {HALTS HALTED HALTING}
- * SHIPMENTS TO + [1622]

--- GIVE [---] ---
GIVE {GIVES GAVE GIVEN GIVING}
- * + DEADLINE [139]

--- RALLY [141] ---
RALLY {RALLIES RALLIED RALLYING}

--- ATTACK [190] ---
ATTACK

--- ARREST [173] ---
ARREST

--- ASK [---] ---
ASK
- * + TO HELP [0231]

--- TALKS [040:040] ---
TALKS
MEETING
- DURING * [040:040]
- AT * [040:040]
- IN * [040:040]
- * [---]
";
    let actors = "GONDOR [GON]\nMINAS_TIRITH [GONGOV]\nARNOR [ARN]\nANNUMINAS [ARNGOV]\nROHAN [ROH]\nMORDOR [MOR]\n";
    let agents = "KING [~GOV]\nPROTESTER [~CVL]\nSOLDIER [~MIL]\nPOLICE [~COP]\nGUNMEN [~REB]\n\
                  CIVILIAN [~CVL]\nDIPLOMAT [~GOV]\nPARLIAMENT [~LEG]\nREBEL [~REB]\n";
    let options = CoderOptions {
        style: ParseStyle::Petrarch,
        comma: dyad_dict::options::CommaLimits {
            end_max: 0,
            ..dyad_dict::options::CommaLimits::PETRARCH
        },
        participle_clauses: on,
        inherit_actors: on,
        frames: on,
        noun_modifiers: on,
        non_parties: on,
        ..extra
    };
    petrarch_files_coder(verbs, actors, agents, options)
}

#[test]
fn a_capital_named_as_where_a_non_violent_act_happens_is_no_party() {
    let s = "Gondor protesters rallied in Minas Tirith on Monday.";
    assert_eq!(
        code(&place_coder(true), s, "2024-05-01"),
        Vec::<String>::new()
    );
    assert_eq!(
        code(&place_coder(false), s, "2024-05-01"),
        ["GONCVL/GONGOV/141"]
    );
    // an attack in a place is directed at it (annotation.md 3.5)
    assert_eq!(
        code(
            &place_coder(true),
            "Arnor soldiers attacked in Minas Tirith on Monday.",
            "2024-05-01"
        ),
        ["ARNMIL/GONGOV/190"]
    );
}

#[test]
fn an_arrested_person_without_a_country_is_the_arresting_sides() {
    let s = "Gondor police arrested former King Isildur on Monday.";
    assert_eq!(
        code(&place_coder(true), s, "2024-05-01"),
        ["GONCOP/GONELI/173"]
    );
    assert_eq!(
        code(&place_coder(false), s, "2024-05-01"),
        ["GONCOP/---ELI/173"]
    );
    // so is a protest
    assert_eq!(
        code(
            &place_coder(true),
            "Gondor protesters rallied against the king.",
            "2024-05-01"
        ),
        ["GONCVL/GONGOV/141"]
    );
    // a participle after a quantifier is an adjective, not an arrest
    assert_eq!(
        code(
            &place_coder(true),
            "Gondor praised Arnor and other arrested protesters.",
            "2024-05-01"
        ),
        Vec::<String>::new()
    );
    assert_eq!(
        code(
            &place_coder(true),
            "Gondor police said two arrested Arnor soldiers.",
            "2024-05-01"
        ),
        Vec::<String>::new()
    );
    assert_eq!(
        code(
            &place_coder(false),
            "Gondor police said two arrested Arnor soldiers.",
            "2024-05-01"
        ),
        ["GONCOP/ARNMIL/173"]
    );
    // a source without a country takes none from a named target
    assert_eq!(
        code(
            &place_coder(true),
            "The police arrested two Arnor soldiers.",
            "2024-05-01"
        ),
        ["---COP/ARNMIL/173"]
    );
}

#[test]
fn a_pattern_reads_past_the_commas_of_an_actor_list() {
    assert_eq!(
        code(
            &place_coder(true),
            "Gondor asked Arnor, Rohan and Mordor on Monday to help.",
            "2024-05-01"
        ),
        ["GON/ARN/0231", "GON/ROH/0231", "GON/MOR/0231"]
    );
}

#[test]
fn past_the_comma_an_actor_after_against_is_the_target() {
    let s = "Gondor protesters rallied in Minas Tirith on Monday, \
             in the largest protest against the Gondor king in months.";
    assert_eq!(
        code(&place_coder(true), s, "2024-05-01"),
        ["GONCVL/GONGOV/141"]
    );
}

#[test]
fn talks_or_a_meeting_as_a_frame_are_a_consultation_of_the_clauses_parties() {
    let c = place_coder(true);
    assert_eq!(
        code(
            &c,
            "The Gondor king criticized the Arnor king during talks in Rohan.",
            "2024-05-01"
        ),
        [
            "GONGOV/ARNGOV/111",
            "GONGOV/ARNGOV/044",
            "ARNGOV/GONGOV/044"
        ]
    );
    // AT frames a consultation too, and the place makes it a visit
    assert_eq!(
        code(
            &c,
            "The Gondor king criticized the Arnor king at a meeting in Annuminas.",
            "2024-05-01"
        ),
        [
            "GONGOV/ARNGOV/111",
            "GONGOV/ARNGOV/042",
            "ARNGOV/GONGOV/043"
        ]
    );
    // "at the start of" keeps the frame
    assert_eq!(
        code(
            &c,
            "The Gondor king criticized the Arnor king at the start of talks in Rohan.",
            "2024-05-01"
        ),
        [
            "GONGOV/ARNGOV/111",
            "GONGOV/ARNGOV/044",
            "ARNGOV/GONGOV/044"
        ]
    );
    // outside a frame the noun codes nothing
    assert_eq!(
        code(&c, "The Gondor king talks to the Arnor king.", "2024-05-01"),
        Vec::<String>::new()
    );
    // without frames, nothing but the main event
    assert_eq!(
        code(
            &place_coder(false),
            "The Gondor king criticized the Arnor king during talks in Rohan.",
            "2024-05-01"
        ),
        ["GONGOV/ARNGOV/111"]
    );
}

#[test]
fn each_other_makes_the_members_of_a_compound_each_others_targets() {
    let s = "Gondor and Arnor accused each other of spying.";
    assert_eq!(
        code(&clause_coder(true), s, "2024-05-01"),
        ["GON/ARN/112", "ARN/GON/112"]
    );
    assert_eq!(
        code(
            &clause_coder(true),
            "Gondor and Arnor criticized one another on Monday.",
            "2024-05-01"
        ),
        ["GON/ARN/111", "ARN/GON/111"]
    );
    // a single subject has no "other"
    assert_eq!(
        code(
            &clause_coder(true),
            "Gondor accused each other of spying.",
            "2024-05-01"
        ),
        Vec::<String>::new()
    );
    // without inherit_actors (PETRARCH) the reciprocal is no target
    assert_eq!(
        code(&clause_coder(false), s, "2024-05-01"),
        Vec::<String>::new()
    );
}

#[test]
fn both_sides_stands_for_the_parties_coded_before() {
    let c = clause_coder(true);
    // as a subject after a subordinator, past a clause with another subject
    assert_eq!(
        code(
            &c,
            "Gondor and Arnor expelled Mordor diplomats on Monday, Rohan said, though both sides \
             accused each other of spying.",
            "2024-05-01"
        ),
        [
            "GON/MORGOV/174",
            "ARN/MORGOV/174",
            "GON/ARN/112",
            "ARN/GON/112"
        ]
    );
    // modifiers before the noun and auxiliaries after it
    assert_eq!(
        code(
            &c,
            "Gondor expelled Arnor diplomats on Monday, though the two proud old neighbours had \
             accused each other of spying.",
            "2024-05-01"
        ),
        ["GON/ARNGOV/174", "GON/ARNGOV/112", "ARNGOV/GON/112"]
    );
    // as an object: the subject and target of the clause before
    assert_eq!(
        code(
            &c,
            "Gondor expelled Arnor diplomats, and Mordor criticized both governments.",
            "2024-05-01"
        ),
        ["GON/ARNGOV/174", "MOR/GON/111", "MOR/ARNGOV/111"]
    );
    // a cooperative act of both sides with no other party is mutual; a
    // criticism names no party
    assert_eq!(
        code(
            &c,
            "Gondor and Arnor swapped prisoners on Monday, and both sides met again.",
            "2024-05-01"
        ),
        ["GON/ARN/0841", "ARN/GON/0841", "GON/ARN/040", "ARN/GON/040"]
    );
    assert_eq!(
        code(
            &c,
            "Gondor and Arnor swapped prisoners on Monday, and both sides criticized the deal.",
            "2024-05-01"
        ),
        ["GON/ARN/0841", "ARN/GON/0841"]
    );
    // "both" without a pair noun is no reference
    assert_eq!(
        code(
            &c,
            "Gondor expelled Arnor diplomats, and Mordor criticized both decisions.",
            "2024-05-01"
        ),
        ["GON/ARNGOV/174", "MOR/GON/111"]
    );
}

#[test]
fn armed_groups_and_police_act_in_their_own_or_the_named_country() {
    let c = place_coder(true);
    // an unnamed armed group takes the country it acts in
    assert_eq!(
        code(
            &c,
            "Gunmen attacked soldiers in Rohan on Monday.",
            "2024-05-01"
        ),
        ["ROHREB/ROHMIL/190"]
    );
    // a country's police or armed group uses force at home
    assert_eq!(
        code(
            &c,
            "Gondor police attacked civilians on Monday.",
            "2024-05-01"
        ),
        ["GONCOP/GONCVL/190"]
    );
    // a country's army does not: its victims' country is not assumed
    assert_eq!(
        code(
            &c,
            "Gondor soldiers attacked civilians on Monday.",
            "2024-05-01"
        ),
        ["GONMIL/---CVL/190"]
    );
    // an unnamed group criticising is no use of force: no country is given
    assert_eq!(
        code(
            &c,
            "Gunmen criticized soldiers in Rohan on Monday.",
            "2024-05-01"
        ),
        ["---REB/ROHMIL/111"]
    );
    assert_eq!(
        code(
            &place_coder(false),
            "Gunmen attacked soldiers in Rohan on Monday.",
            "2024-05-01"
        ),
        ["---REB/ROHMIL/190"]
    );
}

#[test]
fn a_definite_description_stands_for_the_last_actor_of_its_kind() {
    let c = clause_coder(true);
    // "the group": the last armed group named
    assert_eq!(
        code(
            &c,
            "Gondor attacked the Orc Horde on Monday, and the group criticized Rohan.",
            "2024-05-01"
        ),
        ["GON/MORREBORC/190", "MORREBORC/ROH/111"]
    );
    // "the rebels": the last actor with the agent's role
    assert_eq!(
        code(
            &c,
            "Gondor attacked the Orc Horde on Monday, and the rebels criticized Rohan.",
            "2024-05-01"
        ),
        ["GON/MORREBORC/190", "MORREBORC/ROH/111"]
    );
    // a description of the previous subject continues its clause: the
    // previous target is its target
    assert_eq!(
        code(
            &c,
            "The Orc Horde attacked Gondor on Monday, and the rebels criticized the response.",
            "2024-05-01"
        ),
        ["MORREBORC/GON/190", "MORREBORC/GON/111"]
    );
    // "the bloc": the last international organisation
    assert_eq!(
        code(
            &c,
            "Gondor criticized the White Council, and Arnor urged the bloc to act.",
            "2024-05-01"
        ),
        ["GON/IGOWHC/111", "ARN/IGOWHC/020"]
    );
    // with no armed group before it, "the rebels" are nobody named: they
    // stay without a country
    assert_eq!(
        code(
            &c,
            "Gondor attacked Mordor on Monday, and the rebels criticized Rohan.",
            "2024-05-01"
        ),
        ["GON/MOR/190", "---REB/ROH/111"]
    );
    // without inherit_actors the description is no actor, and the clause
    // takes the forwarded source as PETRARCH's does
    assert_eq!(
        code(
            &clause_coder(false),
            "Gondor attacked the Orc Horde on Monday, and the group criticized Rohan.",
            "2024-05-01"
        ),
        ["GON/MORREBORC/190", "GON/ROH/111"]
    );
}

#[test]
fn a_participle_after_a_subordinate_clause_is_said_of_the_main_clause() {
    assert_eq!(
        code(
            &clause_coder(true),
            "Gondor expelled Arnor diplomats after Rohan attacked Mordor, accusing Arnor of spying.",
            "2024-05-01"
        ),
        ["GON/ARNGOV/174", "ROH/MOR/190", "GON/ARN/112"]
    );
}

#[test]
fn a_stated_intent_to_act_is_coded_as_the_intent() {
    let c = precision_coder(true);
    // "said it would visit": the speaker's intent to meet, not a visit
    assert_eq!(
        code(
            &c,
            "Gondor said it would visit Arnor next month.",
            "2024-05-01"
        ),
        ["GON/ARN/036"]
    );
    assert_eq!(
        code(&c, "The Gondor king pledged to visit Arnor.", "2024-05-01"),
        ["GONGOV/ARN/036"]
    );
    // a visit that happened
    assert_eq!(
        code(&c, "Gondor visited Arnor on Monday.", "2024-05-01"),
        ["GON/ARN/042", "ARN/GON/043"]
    );
    // a conflict act keeps its code (a threat is a matter for the verb file)
    assert_eq!(
        code(&c, "Gondor said it would attack Arnor.", "2024-05-01"),
        ["GON/ARN/190"]
    );
}

#[test]
fn the_first_half_of_a_hyphenated_compound_is_no_verb() {
    let s = "Gondor attack-drones flew over Arnor.";
    assert_eq!(
        code(&precision_coder(true), s, "2024-05-01"),
        Vec::<String>::new()
    );
    assert_eq!(
        code(&precision_coder(false), s, "2024-05-01"),
        ["GON/ARN/190"]
    );
    // the second half still is one
    assert_eq!(
        code(
            &precision_coder(true),
            "Gondor re-attacked Arnor.",
            "2024-05-01"
        ),
        ["GON/ARN/190"]
    );
}

#[test]
fn with_y_mediating_after_a_symmetric_event_is_mediation() {
    assert_eq!(
        code(
            &clause_coder(true),
            "Gondor and Arnor swapped prisoners on Monday, with Rohan mediating.",
            "2024-05-01"
        ),
        ["GON/ARN/0841", "ARN/GON/0841", "ROH/GON/045", "ROH/ARN/045"]
    );
    // a host's guests meet each other abroad
    assert_eq!(
        code(
            &clause_coder(true),
            "Gondor and Arnor swapped prisoners on Monday at a ceremony hosted by Rohan.",
            "2024-05-01"
        ),
        [
            "GON/ARN/0841",
            "ARN/GON/0841",
            "ROH/GON/043",
            "GON/ROH/042",
            "ROH/ARN/043",
            "ARN/ROH/042",
            "GON/ARN/044",
            "ARN/GON/044"
        ]
    );
    // WITH is needed: a participle of the main clause is no mediation
    assert_eq!(
        code(
            &clause_coder(true),
            "Gondor and Arnor swapped prisoners on Monday, Rohan mediating.",
            "2024-05-01"
        ),
        ["GON/ARN/0841", "ARN/GON/0841"]
    );
}

#[test]
fn an_infinitive_of_purpose_ends_a_frame() {
    // "in talks to discuss Mordor": Mordor is the topic, not a party
    assert_eq!(
        code(
            &place_coder(true),
            "The Gondor king criticized the Arnor king in talks to discuss Mordor.",
            "2024-05-01"
        ),
        [
            "GONGOV/ARNGOV/111",
            "GONGOV/ARNGOV/040",
            "ARNGOV/GONGOV/040"
        ]
    );
}

#[test]
fn a_causatives_object_does_the_act_of_the_infinitive_after_it() {
    let c = |modals| {
        place_coder_with(
            true,
            CoderOptions {
                modals,
                ..CoderOptions::default()
            },
        )
    };
    for text in [
        "The raid prompted Gondor to expel Arnor diplomats.",
        "Mordor raided the border, forcing Gondor to expel Arnor diplomats.",
    ] {
        assert_eq!(
            code(&c(true), text, "2024-05-01"),
            ["GON/ARNGOV/174"],
            "{text}"
        );
        // read as an intent, the infinitive codes nothing
        assert!(code(&c(false), text, "2024-05-01").is_empty(), "{text}");
    }
    // "forces" the noun is no causative
    assert!(
        code(
            &c(true),
            "Gondor gave police forces the power to expel Arnor diplomats.",
            "2024-05-01"
        )
        .is_empty()
    );
}

#[test]
fn a_side_called_foreign_takes_no_country_from_the_sentence() {
    let c = place_coder(true);
    assert_eq!(
        code(
            &c,
            "Gondor blamed soldiers for the unrest in Rohan.",
            "2024-05-01"
        ),
        ["GON/ROHMIL/112"]
    );
    assert_eq!(
        code(
            &c,
            "Gondor blamed foreign soldiers for the unrest in Rohan.",
            "2024-05-01"
        ),
        ["GON/---MIL/112"]
    );
}

#[test]
fn who_acts_decides_whether_force_is_a_riot() {
    let c = |actor_senses| {
        place_coder_with(
            true,
            CoderOptions {
                place_countries: true,
                actor_senses,
                ..CoderOptions::default()
            },
        )
    };
    // soldiers storming a country attack it; protesters storming riot
    assert_eq!(
        code(
            &c(true),
            "Gondor soldiers stormed Arnor on Monday.",
            "2024-05-01"
        ),
        ["GONMIL/ARN/190"]
    );
    assert_eq!(
        code(
            &c(false),
            "Gondor soldiers stormed Arnor on Monday.",
            "2024-05-01"
        ),
        ["GONMIL/ARN/145"]
    );
    assert_eq!(
        code(
            &c(true),
            "Gondor protesters stormed the parliament on Monday.",
            "2024-05-01"
        ),
        ["GONCVL/GONLEG/145"]
    );
    // protesters burning their own parliament riot; another country's is
    // destruction of property
    assert_eq!(
        code(
            &c(true),
            "Gondor protesters burned the parliament on Monday.",
            "2024-05-01"
        ),
        ["GONCVL/GONLEG/145"]
    );
    assert_eq!(
        code(
            &c(false),
            "Gondor protesters burned the parliament on Monday.",
            "2024-05-01"
        ),
        ["GONCVL/GONLEG/1712"]
    );
    assert_eq!(
        code(
            &c(true),
            "Gondor protesters burned the Arnor parliament on Monday.",
            "2024-05-01"
        ),
        ["GONCVL/ARNLEG/1712"]
    );
    // police force on their own country's protesters, in a protest, is
    // repression; a police shooting with no protest named stays force
    assert_eq!(
        code(
            &c(true),
            "Gondor police attacked civilians during protests on Monday.",
            "2024-05-01"
        ),
        ["GONCOP/GONCVL/175"]
    );
    assert_eq!(
        code(
            &c(true),
            "Gondor police attacked civilians on Monday.",
            "2024-05-01"
        ),
        ["GONCOP/GONCVL/190"]
    );
    assert_eq!(
        code(
            &c(false),
            "Gondor police attacked civilians during protests on Monday.",
            "2024-05-01"
        ),
        ["GONCOP/GONCVL/190"]
    );
}

#[test]
fn a_backer_before_backed_describes_the_actor_and_is_not_its_country() {
    let c = place_coder(true);
    assert_eq!(
        code(
            &c,
            "Gondor-backed Arnor rebels attacked Rohan on Monday.",
            "2024-05-01"
        ),
        ["ARNREB/ROH/190"]
    );
    assert_eq!(
        code(
            &c,
            "Gondor-backed rebels attacked Rohan on Monday.",
            "2024-05-01"
        ),
        ["---REB/ROH/190"]
    );
    // a backed plan is no actor: the backer stays
    assert_eq!(
        code(
            &c,
            "Rohan criticized a Gondor-backed plan on Monday.",
            "2024-05-01"
        ),
        ["ROH/GON/111"]
    );
}

#[test]
fn a_participle_before_by_after_a_noun_is_a_passive() {
    assert_eq!(
        code(
            &place_coder(true),
            "Gondor attended a ceremony hosted by Rohan on Monday.",
            "2024-05-01"
        ),
        ["ROH/GON/043", "GON/ROH/042"]
    );
    assert_eq!(
        code(
            &place_coder(false),
            "Gondor attended a ceremony hosted by Rohan on Monday.",
            "2024-05-01"
        ),
        ["GON/ROH/043", "ROH/GON/042"]
    );
}

#[test]
fn a_role_after_its_that_opens_a_clause_is_the_first_countrys() {
    let c = place_coder(true);
    assert_eq!(
        code(
            &c,
            "Gondor criticized Arnor, and its diplomats expelled Rohan soldiers.",
            "2024-05-01"
        ),
        ["GON/ARN/111", "GONGOV/ROHMIL/174"]
    );
    // in object position ITS is left alone
    let object = code(&c, "Gondor expelled its soldiers from Rohan.", "2024-05-01");
    assert!(
        !object.is_empty() && object.iter().all(|e| !e.contains("GONMIL")),
        "{object:?}"
    );
}

#[test]
fn and_between_plural_nouns_of_an_object_does_not_end_the_clause() {
    let c = place_coder(true);
    assert_eq!(
        code(
            &c,
            "Gondor halted shipments of swords and war-forged shields to Arnor.",
            "2024-05-01"
        ),
        ["GON/ARN/1622"]
    );
    // a second subject after AND still opens a clause
    assert_eq!(
        code(
            &c,
            "Gondor halted shipments of swords and soldiers attacked Arnor.",
            "2024-05-01"
        ),
        ["---MIL/ARN/190"]
    );
}

#[test]
fn a_gerund_after_a_subordinator_is_the_main_subjects_act() {
    let text = "Gondor expelled Arnor diplomats after blaming Rohan soldiers for the raid.";
    assert_eq!(
        code(&place_coder(true), text, "2024-05-01"),
        ["GON/ARNGOV/174", "GON/ROHMIL/112"]
    );
    assert_eq!(
        code(&place_coder(false), text, "2024-05-01"),
        ["GON/ARNGOV/174"]
    );
}

#[test]
fn a_determiner_after_an_actor_opens_the_next_noun_phrase() {
    assert_eq!(
        code(
            &place_coder(true),
            "Gondor gave Arnor a deadline to withdraw its soldiers.",
            "2024-05-01"
        ),
        ["GON/ARN/139"]
    );
}

#[test]
fn an_object_pronoun_stands_for_the_nearest_fitting_actor_but_its_own_subject() {
    let c = clause_coder(true);
    // THEM: the plural agent before it; the expeller is its verb's subject
    assert_eq!(
        code(
            &c,
            "Gondor expelled two Arnor diplomats, accusing them of spying.",
            "2024-05-01"
        ),
        ["GON/ARNGOV/174", "GON/ARNGOV/112"]
    );
    // HIM: a person (a king), not the country named after him
    assert_eq!(
        code(
            &c,
            "Rohan hosted the Arnor king in Gondor, and Mordor criticized him.",
            "2024-05-01"
        ),
        ["ROH/ARNGOV/043", "ARNGOV/ROH/042", "MOR/ARNGOV/111"]
    );
    // only the subject before it: no antecedent, no target
    assert_eq!(
        code(
            &c,
            "The Arnor king said Gondor would expel him.",
            "2024-05-01"
        ),
        Vec::<String>::new()
    );
}

#[test]
fn a_subordinate_clause_subject_may_run_through_of_and_and() {
    let c = clause_coder(true);
    assert_eq!(
        code(
            &c,
            "Mordor attacked Rohan on Monday, a day after the diplomats of Gondor and Arnor \
             criticized Mordor.",
            "2024-05-01"
        ),
        ["MOR/ROH/190", "GONGOV/MOR/111", "ARNGOV/MOR/111"]
    );
    // a comma inside a compound subject opens no clause
    assert_eq!(
        code(
            &c,
            "The diplomats of Gondor, Arnor and Rohan criticized Mordor.",
            "2024-05-01"
        ),
        ["GONGOV/MOR/111", "ARNGOV/MOR/111", "ROHGOV/MOR/111"]
    );
}

#[test]
fn where_opens_a_clause_with_its_own_subject() {
    assert_eq!(
        code(
            &clause_coder(true),
            "The Arnor king visited Gondor, where Rohan criticized Mordor.",
            "2024-05-01"
        ),
        ["ARNGOV/GON/042", "GON/ARNGOV/043", "ROH/MOR/111"]
    );
}

#[test]
fn its_airspace_is_another_countrys_than_the_violators() {
    // the nearest country before ITS is the violator's own envoy: passed over
    assert_eq!(
        code(
            &clause_coder(true),
            "Gondor expelled the Mordor diplomat after Mordor soldiers violated its airspace.",
            "2024-05-01"
        ),
        ["GON/MORGOV/174", "MORMIL/GON/150"]
    );
    assert_eq!(
        code(
            &clause_coder(true),
            "Gondor expelled the Mordor diplomat after Mordor soldiers strayed into its airspace.",
            "2024-05-01"
        ),
        ["GON/MORGOV/174", "MORMIL/GON/150"]
    );
}

#[test]
fn and_between_an_objects_plural_nouns_keeps_the_clause() {
    // "supplies" after a modifier is the noun, not the verb
    assert_eq!(
        code(
            &clause_coder(true),
            "Gondor sent troops and fresh supplies to Arnor.",
            "2024-05-01"
        ),
        ["GON/ARN/072"]
    );
}

// ---- precision on scraped news: claims, polls, hypothetical frames, owned
// roles, interviews, linked-story runs ------------------------------------

#[test]
fn what_a_third_party_claims_or_alleges_codes_nothing() {
    for s in [
        "Activists claimed the Gondor army attacked Arnor.",
        "Rohan alleges that Gondor attacked Arnor.",
    ] {
        assert_eq!(
            code(&precision_coder(true), s, "2024-05-01"),
            Vec::<String>::new(),
            "{s}"
        );
        assert!(
            !code(&precision_coder(false), s, "2024-05-01").is_empty(),
            "{s}"
        );
    }
    // a claim about one's own side, and an asserted act, still code
    assert_eq!(
        code(
            &precision_coder(true),
            "Gondor claimed its soldiers attacked Arnor.",
            "2024-05-01"
        ),
        ["GON/ARN/190"]
    );
    assert_eq!(
        code(
            &precision_coder(true),
            "Gondor attacked Arnor over alleged raids.",
            "2024-05-01"
        ),
        ["GON/ARN/190"]
    );
}

#[test]
fn a_share_of_poll_respondents_is_no_actor() {
    let s = "A Rohan poll found 44 percent criticizing Gondor and 35 percent criticizing Arnor.";
    assert_eq!(
        code(&precision_coder(true), s, "2024-05-01"),
        Vec::<String>::new()
    );
    assert!(!code(&precision_coder(false), s, "2024-05-01").is_empty());
    // a dated reference to an earlier meeting is background
    let s = "Rohan criticized the Gondor king's June 2016 meeting with Arnor.";
    assert_eq!(
        code(&precision_coder(true), s, "2024-05-01"),
        ["ROH/GONGOV/111"]
    );
    // counts after the verb are untouched
    assert_eq!(
        code(
            &precision_coder(true),
            "Gondor criticized 44 Arnor soldiers.",
            "2024-05-01"
        ),
        ["GON/ARNMIL/111"]
    );
}

#[test]
fn a_frame_of_a_hypothetical_codes_nothing() {
    let modal = |on: bool| {
        place_coder_with(
            true,
            CoderOptions {
                modals: on,
                ..CoderOptions::default()
            },
        )
    };
    // the main verb is hypothetical (modals), and so is its frame
    let s = "The Gondor king could criticize the Arnor king during talks in Rohan.";
    assert_eq!(code(&modal(true), s, "2024-05-01"), Vec::<String>::new());
    assert_eq!(
        code(&modal(false), s, "2024-05-01"),
        [
            "GONGOV/ARNGOV/111",
            "GONGOV/ARNGOV/040",
            "ARNGOV/GONGOV/040"
        ]
    );
    // an asserted act keeps its frame
    assert_eq!(
        code(
            &modal(true),
            "The Gondor king criticized the Arnor king during talks in Rohan.",
            "2024-05-01"
        ),
        [
            "GONGOV/ARNGOV/111",
            "GONGOV/ARNGOV/040",
            "ARNGOV/GONGOV/040"
        ]
    );
}

#[test]
fn a_role_a_person_owns_is_no_second_party() {
    let s = "The Gondor king criticized his soldiers.";
    assert_eq!(
        code(&precision_coder(true), s, "2024-05-01"),
        Vec::<String>::new()
    );
    assert_eq!(
        code(&precision_coder(false), s, "2024-05-01"),
        ["GONGOV/---MIL/111"]
    );
    // another party's role, and a state's own forces, stay targets
    assert_eq!(
        code(
            &precision_coder(true),
            "The Gondor king criticized Arnor soldiers.",
            "2024-05-01"
        ),
        ["GONGOV/ARNMIL/111"]
    );
}

#[test]
fn an_outlet_named_before_interview_is_no_party() {
    let s = "The Gondor king criticized Arnor during The Herald interview.";
    assert_eq!(
        code(&precision_coder(true), s, "2024-05-01"),
        ["GONGOV/ARN/111"]
    );
    let s = "The Gondor king criticized during The Herald interview the raid.";
    assert_eq!(
        code(&precision_coder(true), s, "2024-05-01"),
        Vec::<String>::new()
    );
    assert_eq!(
        code(&precision_coder(false), s, "2024-05-01"),
        ["GONGOV/ROHMED/111"]
    );
}

#[test]
fn linked_story_titles_run_into_a_name_are_not_read() {
    let s = "Gondor King Elessar Telcontar ElessarArnor attacks Rohan in border raid \
             Mordor criticizes Arnor MORE criticized Mordor on Monday.";
    let c = |on: bool| {
        petrarch_files_coder(
            "--- CRITICIZE [111] ---\nCRITICIZE {CRITICIZES CRITICIZED}\n\n\
             --- ATTACK [190] ---\nATTACK {ATTACKS ATTACKED}\n",
            "ELESSAR [GONGOV]\nARNOR [ARN]\nMORDOR [MOR]\nROHAN [ROH]\n",
            "KING [~GOV]\n",
            CoderOptions {
                style: ParseStyle::Petrarch,
                non_parties: on,
                comma: dyad_dict::options::CommaLimits {
                    end_max: 0,
                    ..dyad_dict::options::CommaLimits::PETRARCH
                },
                ..CoderOptions::default()
            },
        )
    };
    assert_eq!(code(&c(true), s, "2024-05-01"), ["GONGOV/MOR/111"]);
    assert_ne!(code(&c(false), s, "2024-05-01"), ["GONGOV/MOR/111"]);
    // the surname repeated on its own starts the run too
    let s = "Gondor King Elessar Telcontar Elessar Arnor attacks Rohan MORE criticized Mordor.";
    assert_eq!(code(&c(true), s, "2024-05-01"), ["GONGOV/MOR/111"]);
    // a MORE with no name run before it deletes nothing
    let s = "Elessar criticized Mordor MORE than once.";
    assert_eq!(code(&c(true), s, "2024-05-01"), ["GONGOV/MOR/111"]);
}

#[test]
fn people_killed_by_a_force_are_of_its_own_country() {
    let c = |place_countries| {
        place_coder_with(
            true,
            CoderOptions {
                place_countries,
                actor_senses: true,
                ..CoderOptions::default()
            },
        )
    };
    assert_eq!(
        code(
            &c(true),
            "Gondor police attacked at least 16 people on Monday.",
            "2024-05-01"
        ),
        ["GONCOP/GON/190"]
    );
    assert_eq!(
        code(
            &c(true),
            "Gondor police attacked dozens of people during protests on Monday.",
            "2024-05-01"
        ),
        ["GONCOP/GON/175"]
    );
    assert_eq!(
        code(
            &c(false),
            "Gondor police attacked at least 16 people on Monday.",
            "2024-05-01"
        ),
        Vec::<String>::new()
    );
}

#[test]
fn a_compound_subject_from_outside_the_clause_fills_a_compound_pattern() {
    let on = clause_coder(true);
    let off = clause_coder(false);
    // the parties "the two leaders" stands for: an object of two
    let s = "The Rohan king hosted the Gondor king and the Arnor king on Monday, where the two \
             leaders swapped prisoners.";
    let swapped = ["GONGOV/ARNGOV/0841", "ARNGOV/GONGOV/0841"];
    let events = code(&on, s, "2024-05-01");
    assert!(
        swapped.iter().all(|e| events.iter().any(|x| x == e)),
        "{events:?}"
    );
    assert!(
        !events
            .iter()
            .any(|e| e.starts_with("ROHGOV/") && e.ends_with("/0841")),
        "{events:?}"
    );
    assert!(
        !code(&off, s, "2024-05-01")
            .iter()
            .any(|e| e.ends_with("/0841"))
    );
    // a participle after a compound subject's clause
    let s = "Gondor and Arnor met in Rohan on Monday, swapping prisoners.";
    let events = code(&on, s, "2024-05-01");
    assert!(
        ["GON/ARN/0841", "ARN/GON/0841"]
            .iter()
            .all(|e| events.iter().any(|x| x == e)),
        "{events:?}"
    );
    assert!(
        !code(&off, s, "2024-05-01")
            .iter()
            .any(|e| e.ends_with("/0841"))
    );
    // only a clause that opens with its verb continues the subject
    let s = "Gondor and Arnor met in Rohan on Monday, and the traders swapped prisoners.";
    assert!(
        !code(&on, s, "2024-05-01")
            .iter()
            .any(|e| e.ends_with("/0841"))
    );
}

#[test]
fn people_in_a_capital_are_of_its_country_not_its_government() {
    let s = "Gondor police arrested dozens of protesters in Minas Tirith on Monday.";
    assert_eq!(
        code(&place_coder(true), s, "2024-05-01"),
        ["GONCOP/GONCVL/173"]
    );
    assert_eq!(
        code(&place_coder(false), s, "2024-05-01"),
        ["GONCOP/GONGOVCVL/173"]
    );
    // the capital as a subject is still its government
    let s = "Minas Tirith criticized Arnor on Monday.";
    assert_eq!(
        code(&place_coder(true), s, "2024-05-01"),
        ["GONGOV/ARN/111"]
    );
}

#[test]
fn a_comma_clause_opening_with_and_and_a_verb_is_a_clause_of_its_own() {
    let s = "Gondor criticized Arnor over the talks, and the soldiers attacked Mordor, the Rohan \
             king said.";
    let on = code(&clause_coder(true), s, "2024-05-01");
    assert!(on.iter().any(|e| e.ends_with("/MOR/190")), "{on:?}");
    let off = code(&clause_coder(false), s, "2024-05-01");
    assert!(!off.iter().any(|e| e.ends_with("/MOR/190")), "{off:?}");
    // an aside without a verb of its own is still deleted
    let s = "Gondor criticized Arnor, and later Rohan, on Monday.";
    assert_eq!(code(&clause_coder(true), s, "2024-05-01"), ["GON/ARN/111"]);
}

#[test]
fn talks_between_a_compound_are_its_members_own_when_they_are_the_subject() {
    let verbs = "--- MEETING [040:040] ---\nTALKS\nMEETING\n- AFTER * WITH + [040:040]\n\
                 - * BETWEEN % [040:040]\n- DURING * [040:040]\n- * [---]\n\n\
                 --- RESUME [---] ---\nRESUME {RESUMES RESUMED}\n\n\
                 --- CONDEMN [111] ---\nCONDEMN {CONDEMNS CONDEMNED}\n";
    let actors = "GONDOR [GON]\nARNOR [ARN]\nROHAN [ROH]\n";
    let c = |on| {
        petrarch_files_coder(
            verbs,
            actors,
            "KING [~GOV]\n",
            CoderOptions {
                style: ParseStyle::Petrarch,
                inherit_actors: on,
                participle_clauses: on,
                frames: on,
                comma: dyad_dict::options::CommaLimits {
                    end_max: 0,
                    ..dyad_dict::options::CommaLimits::PETRARCH
                },
                ..CoderOptions::default()
            },
        )
    };
    let s = "Talks between Gondor and Arnor resumed on Monday.";
    assert_eq!(
        code(&c(true), s, "2024-05-01"),
        ["GON/ARN/040", "ARN/GON/040"]
    );
    // PETRARCH reads the compound after the verb as the target only
    assert_ne!(
        code(&c(false), s, "2024-05-01"),
        ["GON/ARN/040", "ARN/GON/040"]
    );
    // background is not coded
    let s = "Rohan condemned Gondor on Monday, days after a heated meeting between Arnor and \
             Gondor.";
    let events = code(&c(true), s, "2024-05-01");
    assert!(!events.iter().any(|e| e.ends_with("/040")), "{events:?}");
}

#[test]
fn a_list_after_including_explains_the_phrase_before_it() {
    // "52 soldiers, including diplomats of ...": the list is not crossed
    // with the agents before the comma (which left the verb no target)
    let s =
        "Mordor expelled 52 soldiers, including diplomats of Gondor, Arnor and Rohan, on Monday.";
    let events = code(&clause_coder(true), s, "2024-05-01");
    assert!(events.iter().any(|e| e == "MOR/GONGOV/174"), "{events:?}");
    for country in ["ARN", "ROH"] {
        assert!(
            events
                .iter()
                .any(|e| e.starts_with(&format!("MOR/{country}"))),
            "{events:?}"
        );
    }
}

// ---- precision on scraped news, seventh round: the grounds of a reproach,
// a gerund after FOR, the place a WHERE clause describes ------------------

#[test]
fn an_actor_in_the_grounds_of_a_reproach_is_not_its_target() {
    for s in [
        "Gondor accused the council of plotting against Arnor.",
        "Gondor criticized the council for the loss of Arnor soldiers.",
        "Gondor criticized the council for not helping Arnor.",
    ] {
        assert_eq!(
            code(&precision_coder(true), s, "2024-05-01"),
            Vec::<String>::new(),
            "{s}"
        );
        assert!(
            !code(&precision_coder(false), s, "2024-05-01").is_empty(),
            "{s}"
        );
    }
    // the one reproached, named before the grounds, stays the target
    assert_eq!(
        code(
            &precision_coder(true),
            "Gondor accused Arnor of plotting to attack Mordor.",
            "2024-05-01"
        ),
        ["GON/ARN/112"]
    );
    // OF before a noun is no ground: "the killing of Arnor soldiers"
    assert_eq!(
        code(
            &precision_coder(true),
            "Gondor criticized the killing of Arnor soldiers.",
            "2024-05-01"
        ),
        ["GON/ARNMIL/111"]
    );
}

#[test]
fn a_gerund_after_for_codes_nothing() {
    let s = "Gondor has a reputation for attacking Arnor.";
    assert_eq!(
        code(&precision_coder(true), s, "2024-05-01"),
        Vec::<String>::new()
    );
    assert_eq!(
        code(&precision_coder(false), s, "2024-05-01"),
        ["GON/ARN/190"]
    );
    // and after OF: "the possibility of attacking", "a means of encouraging"
    let s = "Gondor raised the possibility of attacking Arnor.";
    assert_eq!(
        code(&precision_coder(true), s, "2024-05-01"),
        Vec::<String>::new()
    );
    assert_eq!(
        code(&precision_coder(false), s, "2024-05-01"),
        ["GON/ARN/190"]
    );
    // a gerund after another word is untouched
    assert_eq!(
        code(
            &precision_coder(true),
            "Gondor kept attacking Arnor.",
            "2024-05-01"
        ),
        ["GON/ARN/190"]
    );
}

#[test]
fn the_place_a_where_clause_describes_is_no_party_in_it() {
    for (s, off) in [
        (
            "He arrived after flying from Arnor, where he met the Rohan king.",
            "ARN/ROHGOV/040",
        ),
        (
            "Support is strong in Arnor, where the people criticize the Rohan king.",
            "ARN/ROHGOV/111",
        ),
    ] {
        assert_eq!(
            code(&precision_coder(true), s, "2024-05-01"),
            Vec::<String>::new(),
            "{s}"
        );
        assert_eq!(code(&precision_coder(false), s, "2024-05-01"), [off], "{s}");
    }
    // a place before WHERE is still the target of a verb outside the clause
    assert_eq!(
        code(
            &precision_coder(true),
            "The Gondor king visited Arnor, where talks began.",
            "2024-05-01"
        ),
        ["GONGOV/ARN/042", "ARN/GONGOV/043"]
    );
}

#[test]
fn an_act_refused_or_failed_codes_nothing() {
    for s in [
        "Gondor declined to attack Arnor.",
        "Gondor was unable to meet with Arnor.",
        "Gondor failed to attack Arnor.",
    ] {
        let on = code(&precision_coder(true), s, "2024-05-01");
        assert!(
            !on.iter().any(|e| e.contains("/190") || e.contains("/040")),
            "{s}: {on:?}"
        );
        let off = code(&precision_coder(false), s, "2024-05-01");
        assert!(
            off.iter().any(|e| e.contains("/190") || e.contains("/040")),
            "{s}: {off:?}"
        );
    }
    // an act after TO with no refusal before it still codes
    assert_eq!(
        code(
            &precision_coder(true),
            "Gondor moved to attack Arnor.",
            "2024-05-01"
        ),
        ["GON/ARN/190"]
    );
}

#[test]
fn a_target_past_an_infinitive_or_a_relative_word_is_not_the_object() {
    for s in [
        "Gondor criticized the council to help Arnor.",
        "Gondor criticized the plan which Arnor drafted.",
        "Gondor criticized the council more harshly than Arnor.",
    ] {
        assert_eq!(
            code(&precision_coder(true), s, "2024-05-01"),
            Vec::<String>::new(),
            "{s}"
        );
        assert_eq!(
            code(&precision_coder(false), s, "2024-05-01"),
            ["GON/ARN/111"],
            "{s}"
        );
    }
    // TO before a name, "more than", and an object before the barrier pass
    for (s, want) in [
        ("Gondor criticized the envoys to Arnor.", "GON/ARN/111"),
        (
            "Gondor attacked more than 200 Arnor soldiers.",
            "GON/ARNMIL/190",
        ),
        ("Gondor criticized Arnor to help Rohan.", "GON/ARN/111"),
    ] {
        assert!(
            code(&precision_coder(true), s, "2024-05-01").contains(&want.to_string()),
            "{s}"
        );
    }
}

#[test]
fn a_role_word_before_meeting_names_its_kind_not_a_party() {
    let s = "At the soldiers meeting next week Gondor is expected to speak.";
    assert_eq!(
        code(&precision_coder(true), s, "2024-05-01"),
        Vec::<String>::new()
    );
    assert_eq!(
        code(&precision_coder(false), s, "2024-05-01"),
        ["---MIL/GON/040"]
    );
    // a named party before the meeting noun is still met
    assert!(
        !code(
            &precision_coder(true),
            "At the Arnor meeting next week Gondor is expected to speak.",
            "2024-05-01"
        )
        .is_empty()
    );
}

#[test]
fn agents_borrow_a_later_actor_only_when_their_own_agents_are_linked_to_it() {
    let (on, off) = (clause_coder(true), clause_coder(false));
    // a bare actor after AND lends nothing to the agents before it
    let s = "Mordor criticized soldiers and Gondor.";
    let events = code(&on, s, "2024-05-01");
    assert!(events.iter().any(|e| e == "MOR/GON/111"), "{events:?}");
    assert!(!events.iter().any(|e| e == "MOR/GONMIL/111"), "{events:?}");
    let events = code(&off, s, "2024-05-01");
    assert!(events.iter().any(|e| e == "MOR/GONMIL/111"), "{events:?}");
    // nor its agents: the diplomats keep their own role
    let s = "Mordor criticized soldiers and Gondor diplomats.";
    let events = code(&on, s, "2024-05-01");
    assert!(events.iter().any(|e| e == "MOR/GONGOV/111"), "{events:?}");
    assert!(!events.iter().any(|e| e == "MOR/GONMIL/111"), "{events:?}");
    // an actor linked to agents of its own lends itself
    let s = "Mordor criticized soldiers and diplomats of Gondor.";
    let events = code(&on, s, "2024-05-01");
    assert!(events.iter().any(|e| e == "MOR/GONMIL/111"), "{events:?}");
    assert!(events.iter().any(|e| e == "MOR/GONGOV/111"), "{events:?}");
}

#[test]
fn a_capital_named_as_a_place_inside_the_object_phrase_is_no_party() {
    let s = "Arnor criticized the rallies in Minas Tirith.";
    assert_eq!(
        code(&place_coder(true), s, "2024-05-01"),
        Vec::<String>::new()
    );
    assert_eq!(
        code(&place_coder(false), s, "2024-05-01"),
        ["ARN/GONGOV/111"]
    );
    // a role word of its own keeps the phrase a party
    assert_eq!(
        code(
            &place_coder(true),
            "Arnor criticized the king in Minas Tirith.",
            "2024-05-01"
        ),
        ["ARN/GONGOV/111"]
    );
}
