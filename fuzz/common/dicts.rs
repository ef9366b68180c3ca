//! Small dictionary sets written for the fuzz targets (fictional actors, as in
//! the peer validation suites). They exercise synsets, time shifts, patterns
//! with `$ + % ^`, alternatives, paired, subordinate and dominant codes,
//! discards, compounds, dated actor codes, agents, nouns and options.

use dyad_dict::{CoderOptions, FileKind, LoadOptions};
use std::path::PathBuf;
use std::sync::Arc;

pub const TABARI_VERBS: &str = "\
<SYNSETS>
&ARMS
+RIFLES
+BATTLE_TANKS
+HEAVY_WEAPONS
&COIN
+DUCATS
+SILVER_CROWNS
</SYNSETS>
<TIME>
YESTERDAY [-1]
TOMORROW [+1]
LAST_WEEK [-7]
NEXT_YEAR [+365]
- * AFTER TOMORROW [+2]
</TIME>
SEND [---]
{ SENT SENDING }
- * &ARMS TO + [072]
- * TROOPS TO + [190]
- $ * { DELEGATION | ENVOY } TO + [032]
ACCUS [112]
- * + OF SPYING [1121]
- + WAS * BY $ [112]
MEET_WITH [040]
- % * [040]
- * ^ AND + [040]
VISIT [042:043]
SAID [023?]
ATTEND [031!]
PLEDG [050]
- * &COIN TO + [071]
REJECT_ [120]
- * + PROPOSAL [1211]
DENOUNC [111]
FIGHT_ [190]
{ FOUGHT }
- * ALONGSIDE + [057]
SOCCER [###]
CHESS_MATCH [+++]
BAKE [---]
~~FINAL
";

pub const TABARI_ACTORS: &str = "\
<NOUN>
CAKE
TOWER
</NOUN>
<ADJECTIVE>
ANCIENT
</ADJECTIVE>
ARNOR [ARN]
ARNORIAN [ARN]
GONDOR [GON]
GONDORIAN_ [GON]
DAGOLATH [DAG]
ROHAN [ROH] ; horse country
ELVES_AND_GALADHRIM [ELR/GAL]
MORDOR [MOR <950101] [MORGOV 950101-991231] [MORREB]
WIZARD_SARUMAN [ISE >001231] [---]
GOLLUM
+SMEAGOL
\t[HOB < 950601]
\t[HOBGOV 950601 - 990815]
\t[HOBREB > 990816]
SHIRE= [SHI]
MINAS~_TIRITH [GONCAP]
HARAD [###]
~~END
";

pub const TABARI_AGENTS: &str = "\
PRESIDENT_ [~GOVPRS]
SOLDIER [~MIL]
REBEL [~REB]
HUMAN_RIGHTS_GROUP_ [NGO~]
POLICE= [~COP]
";

pub const TABARI_OPTIONS: &str = "\
/ options for the fuzz dictionaries
COMPLEX: VERBS[9] CONJ[6] PRONOUNS[5]
COMMA: MIN=2 MAX=8 EMIN=2 EMAX=8 BMIN=3 BMAX=6
SET: CODE BY CLAUSE
SET: MINIMUM WORDS = 2
SET: CONVERT AGENTS = TRUE
FORWARD: ^^*****NNN*SSS
DEFAULT: SOURCE [UNK] TARGET [UNK]
LABEL: 040=meet
";

pub const PETRARCH_VERBS: &str = "\
<!-- fuzz verbs -->
&ARMS
+RIFLES
+BATTLE_TANKS

--- SEND [---] ---
SEND { SENT SENDING }
- * &ARMS TO + [072]
- $ * ENVOY TO + [032]
--- ACCUSE [112] ---
ACCUSE
- * + OF SPYING [1121]
--- MEET [040] ---
MEET { MET MEETING }
+MEET_WITH
- % * [040]
--- SAY [023] ---
SAY { SAID SAYS }
--- VISIT [042] ---
VISIT
";

pub const PETRARCH_ACTORS: &str = "\
ARNOR [ARN]
GONDOR [GON]
DAGOLATH [DAG]
+DAGOLATHIAN
MORDOR
    [MOR <19950101]
    [MORGOV 19950101-19991231]
    [MORREB]
THE_WHITE_COUNCIL [IGOWCO]
";

pub const PETRARCH_AGENTS: &str = "\
!MINISTER! = DEFENCE, FOREIGN, FINANCE
!MINISTER!_MINISTER [~GOV]
PRESIDENT {PRESIDENTS} [~GOVPRS]
SOLDIER [~MIL]
REBEL [~REB]
";

pub const PETRARCH_DISCARDS: &str = "\
+SOCCER MATCH
BAKE SALE
";

pub const PETRARCH_ISSUES: &str = "\
<ISSUE CODE=FOOD>
bread [FOOD]
n:famine [FOOD]
~bread crumbs
</ISSUE>
";

fn path(name: &str) -> PathBuf {
    PathBuf::from(format!("fuzz/{name}"))
}

/// The TABARI set, loaded strictly.
pub fn tabari_coder() -> dyad_coder::Coder {
    let files = vec![
        (
            path("fuzz.verbs"),
            FileKind::TabariVerbs,
            TABARI_VERBS.into(),
        ),
        (
            path("fuzz.actors"),
            FileKind::TabariActors,
            TABARI_ACTORS.into(),
        ),
        (
            path("fuzz.agents"),
            FileKind::TabariAgents,
            TABARI_AGENTS.into(),
        ),
        (
            path("fuzz.options"),
            FileKind::TabariOptions,
            TABARI_OPTIONS.into(),
        ),
    ];
    let (dict, report) =
        dyad_dict::load_files(files, CoderOptions::tabari(), LoadOptions::default())
            .unwrap_or_else(|e| panic!("the fuzz TABARI dictionaries load: {e}"));
    assert!(report.skipped.is_empty());
    dyad_coder::Coder::new(Arc::new(dict))
}

/// The PETRARCH set, loaded strictly with `options`.
pub fn petrarch_coder(options: CoderOptions) -> dyad_coder::Coder {
    let files = vec![
        (
            path("verbs.txt"),
            FileKind::PetrarchVerbs,
            PETRARCH_VERBS.into(),
        ),
        (
            path("actors.txt"),
            FileKind::PetrarchActors,
            PETRARCH_ACTORS.into(),
        ),
        (
            path("agents.txt"),
            FileKind::PetrarchAgents,
            PETRARCH_AGENTS.into(),
        ),
        (
            path("discards.txt"),
            FileKind::PetrarchDiscards,
            PETRARCH_DISCARDS.into(),
        ),
        (
            path("issues.txt"),
            FileKind::PetrarchIssues,
            PETRARCH_ISSUES.into(),
        ),
    ];
    let (dict, report) = dyad_dict::load_files(files, options, LoadOptions::default())
        .unwrap_or_else(|e| panic!("the fuzz PETRARCH dictionaries load: {e}"));
    assert!(report.skipped.is_empty());
    dyad_coder::Coder::new(Arc::new(dict))
}
