//! Coder options that dictionaries carry: TABARI `.options` commands
//! (COMPLEX, COMMA, DEFAULT, SET, FORWARD, ...) and PETRARCH `[Options]`.
//! Validation records change them as they go, so the command parser is public.

/// Which events a record keeps (TABARI `SET: CODE BY`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CodeBy {
    /// The first event of each clause (TABARI's default).
    #[default]
    Clause,
    /// The first event of the sentence.
    Sentence,
    /// Every event.
    All,
}

/// Which reference coder's parse the shallow parser imitates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ParseStyle {
    /// TABARI: agents join the actor next to them; pronouns refer to the
    /// sentence's first actor; a compound after the verb named by `%` is
    /// both source and target; actor codes `###` and `+++` discard the record.
    #[default]
    Tabari,
    /// PETRARCH: agents join every actor of their noun phrase (shared across
    /// coordinated noun phrases); pronouns are not actors; `%` after the verb
    /// is the target; the target is not sought across a comma; `###` is an
    /// ordinary code.
    Petrarch,
}

/// Conditions under which TABARI declares a record too complex to code.
/// Counts of 0 are off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ComplexLimits {
    pub verbs: u32,
    pub actors: u32,
    pub pronouns: u32,
    pub conjunctions: u32,
    pub commas: u32,
    pub late_verb: u32,
    pub no_actor_prior: bool,
    pub no_actor_after: bool,
    pub no_source: bool,
    pub no_target: bool,
    pub no_verb: bool,
    pub no_event: bool,
}

/// Comma-delimited clause deletion: clauses whose word counts fall within
/// these bounds are dropped before coding (a max of 0 turns a position off).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CommaLimits {
    pub min: u32,
    pub max: u32,
    pub end_min: u32,
    pub end_max: u32,
    pub begin_min: u32,
    pub begin_max: u32,
}

impl CommaLimits {
    /// TABARI's defaults (`TABARI.h`): internal 2-10, end 2-10, beginning off.
    pub const TABARI: CommaLimits = CommaLimits {
        min: 2,
        max: 10,
        end_min: 2,
        end_max: 10,
        begin_min: 128,
        begin_max: 0,
    };
    /// PETRARCH-1's defaults: internal 2-8, end 2-8, beginning off.
    pub const PETRARCH: CommaLimits = CommaLimits {
        min: 2,
        max: 8,
        end_min: 2,
        end_max: 8,
        begin_min: 0,
        begin_max: 0,
    };
    /// Nothing deleted.
    pub const OFF: CommaLimits = CommaLimits {
        min: 0,
        max: 0,
        end_min: 0,
        end_max: 0,
        begin_min: 0,
        begin_max: 0,
    };
}

impl Default for CommaLimits {
    fn default() -> Self {
        CommaLimits::TABARI
    }
}

/// All options that change how text is coded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoderOptions {
    pub code_by: CodeBy,
    /// Records with fewer words (commas count) are not coded.
    pub min_words: u32,
    /// Record headers use 4-digit years.
    pub four_digit_years: bool,
    /// `<TIME>` phrases shift event dates (`None`: on when the verbs have a `<TIME>` block).
    pub time_shift: Option<bool>,
    /// Agents with no actor are coded on their own (`~MIL`).
    pub convert_agents: bool,
    pub fbis: bool,
    pub complex: ComplexLimits,
    pub comma: CommaLimits,
    pub default_source: Option<Box<str>>,
    pub default_source_prior: bool,
    pub default_target: Option<Box<str>>,
    pub default_target_after: bool,
    /// `FORWARD:` record-id mask; pronouns may refer to the previous record of the same story.
    pub forward: Option<Box<str>>,
    /// PETRARCH `require_dyad`: drop events with a missing side.
    pub require_dyad: bool,
    /// PETRARCH `new_actor_length`: uncoded noun phrases shorter than this become quoted codes.
    pub new_actor_length: u32,
    pub style: ParseStyle,
    /// A verb after NOT, N'T or NEVER ("did not attack") codes nothing unless
    /// a pattern reads the negation. TABARI leaves negation to the patterns.
    pub negation: bool,
    /// "Japan said Russia attacked Ukraine": a verb of saying followed by a
    /// subject and a verb ends its clause, so the reported clause has its own
    /// source. TABARI takes the sentence's first actor instead.
    pub report_clauses: bool,
    /// ", accusing Y of ...", ", vowing to ...", ", prompting Y to ...": a
    /// comma followed by a verb in -ING opens a clause of its own (never
    /// deleted as a comma clause) whose subject is the previous clause's; a
    /// pronoun object there ("accusing them of") stands for that clause's
    /// object. Subordinate clauses with their own subject ("after Y verbed
    /// Z", "while Y verbed Z") are clauses too, and so is a gerund after
    /// one, said of the main subject ("after blaming Russian intelligence
    /// for ...", "before storming it"), and so are relative clauses
    /// with their own subject ("a plan which Moscow rejected", ", a move
    /// Kyiv condemned", "Ukraine, which Russia invaded"), whose object is
    /// the antecedent or the maker of the thing it names. A comma clause that
    /// opens with the subject's own verb after an appositive too long to
    /// delete ("Kim Yo Jong, the powerful sister of North Korean leader Kim
    /// Jong Un, rejected ...") is never deleted. With no target in the
    /// verb's comma stretch, an actor after AGAINST later in the clause is
    /// the target (", in the largest protest against Vucic's government").
    /// Off in TABARI and PETRARCH.
    pub participle_clauses: bool,
    /// A clause with no subject of its own takes the previous clause's
    /// subject even when that clause coded nothing ("X condemned the strike
    /// and urged Y to ..."), and with no target the previous clause's target
    /// or object ("X criticised Y ... and demanded ..."). A leading
    /// participle or frame ("Visiting Manila, ...", "In a phone call with
    /// X, ...") takes the main clause's subject, and a leading prepositional
    /// phrase holds no subject. A definite description stands for the last
    /// actor of its kind named before it ("the group", "the rebels": an armed
    /// group; "the kingdom", "the island", "the Caribbean nation": a
    /// country; "the bloc", "the agency": an international organisation),
    /// "both sides" or "the two leaders" for the parties last coded
    /// together, a role after ITS or THEIR that opens a clause ("and its
    /// foreign ministry summoned ...") for the sentence's first country, and "accused each other" makes the members of a compound
    /// subject each other's targets. A participle after a subordinate clause
    /// (", accusing ..." after "after Y verbed") is said of the main clause.
    /// Off in TABARI and PETRARCH, which forward only the source of a coded
    /// event.
    pub inherit_actors: bool,
    /// Frames of the main event are events too: a nominal verb after DURING,
    /// or after a sentence-initial IN ("during an unannounced visit to
    /// Kyiv", "In a phone call with X, ...") is coded with the clause's
    /// subject, and "mediated by Y" / "brokered by Y" after a symmetric event
    /// gives Y -> each party ("hosted by Y": Y hosts each party, and the
    /// parties meet each other abroad, 044); a participle before BY after a common noun is
    /// a passive ("at a ceremony hosted by Trump", "an idea rejected by
    /// Washington"). A consultation (root 04, not mediation) is
    /// framed by AT and IN anywhere too ("at a meeting in Dushanbe", "told
    /// Dar in a phone call"). Off in TABARI and PETRARCH.
    pub frames: bool,
    /// An actor with no country ("two soldiers", "dozens of protesters")
    /// takes the country of the one country named as a place in the
    /// sentence ("in northern Burkina Faso"). The target of coercion (root
    /// 17: arrests, detentions, charges) or protest (root 14) with no
    /// country takes the source's: "Philippine police arrested former
    /// President Rodrigo Duterte", "Turks rallied against the government".
    /// Off in TABARI and PETRARCH.
    pub place_countries: bool,
    /// A meeting (040) held in one party's country is a visit (042/043),
    /// in a third country a meeting abroad (044). Off in TABARI and PETRARCH.
    pub meeting_places: bool,
    /// "X was criticized", "has been accused of": a passive with no BY
    /// agent gives no source (its subject is the target), instead of reading
    /// the subject as the actor. Off in TABARI and PETRARCH.
    pub agentless_passive: bool,
    /// A possessive or a noun before a verb form makes it a noun, as a
    /// determiner does ("Abe's visit", "a telephone call", "an India
    /// visit"). A participle in -ED between a quantifier or a number and
    /// a noun is an adjective ("other detained protesters"), and so is the
    /// first half of a hyphenated compound ("riot-control agents"). A country
    /// before "-backed", "-aligned" and the like describes the actor it backs
    /// and is not its country ("Rwanda-backed M23 rebels", "Iranian-backed
    /// forces"; "a U.S.-backed proposal" stays the backer's). Off in TABARI
    /// and PETRARCH.
    pub noun_modifiers: bool,
    /// A verb governed by WOULD, COULD, MIGHT, MAY, SHOULD, MUST or CAN, or
    /// after IF, UNLESS or WHETHER in its sentence (with no verb of saying
    /// between), codes nothing unless a pattern reads the modal, as
    /// `negation` does for NOT. So does a verb in the THAT-clause of a
    /// denial ("denied that its troops had fired on", "rejected claims
    /// that") and one shortly after a verb of wishing or suggesting
    /// ("suggested they meet with", "want Mueller to say", "considering a
    /// plan to send"), one in what a third party claims or alleges
    /// ("activists claimed the government has used"), one right after a
    /// number or PERCENT (poll shares, "44% blaming"; dates, "a June 2016
    /// meeting with"), and a frame of a clause with a modal ("a move could
    /// come at the central bank's meeting"). A stated intent ("said it
    /// would allow inspectors", "pledged to release") to meet, cooperate,
    /// aid or yield is coded as the intent (03x), the speaker's alone. Off
    /// in TABARI and PETRARCH.
    pub modals: bool,
    /// Actors that are where or from whom the news comes, not parties: a
    /// source after ACCORDING TO, a news outlet after TOLD or INTERVIEW
    /// ("told CNN's Dana Bash", "in an interview with The Washington
    /// Post"), an actor naming a venue, an interview or a document ("at
    /// the G7 summit", "during the CNN interview", "the Paris climate
    /// agreement") and a role with no country after HIS or HER ("asked his
    /// Cabinet secretaries") are never a source or target. Nor, for an act
    /// that is not violent (roots other than 18, 19 and 20), is a country,
    /// capital or city named as where it happens ("rallied in Belgrade",
    /// "deployed soldiers across Kathmandu"). The titles of linked stories
    /// that scraped pages run into a name ("... Ernest GrassleyBarr: ...
    /// MORE (R-Iowa) said") are not read at all. Off in TABARI and PETRARCH.
    pub non_parties: bool,
    /// What an act of unrest or force is depends on who does it: an army's
    /// or armed group's "storming" of a base is an attack (190), not a riot;
    /// civilians, protesters, students or workers setting fire to their own
    /// state's parliament, offices or police stations riot (145), which is
    /// not the destruction of property (1712) that settlers burning a
    /// village's homes commit. Police force on their own country's
    /// civilians, students or workers in a sentence about a protest is
    /// violent repression (175). Off in TABARI and PETRARCH.
    pub actor_senses: bool,
}

impl Default for CoderOptions {
    fn default() -> Self {
        CoderOptions {
            code_by: CodeBy::Clause,
            min_words: 0,
            four_digit_years: false,
            time_shift: None,
            convert_agents: false,
            fbis: false,
            complex: ComplexLimits::default(),
            comma: CommaLimits::TABARI,
            default_source: None,
            default_source_prior: false,
            default_target: None,
            default_target_after: false,
            forward: None,
            require_dyad: true,
            new_actor_length: 0,
            style: ParseStyle::Tabari,
            negation: true,
            report_clauses: true,
            participle_clauses: false,
            inherit_actors: false,
            frames: false,
            place_countries: false,
            meeting_places: false,
            agentless_passive: false,
            noun_modifiers: false,
            modals: false,
            non_parties: false,
            actor_senses: false,
        }
    }
}

impl CoderOptions {
    /// TABARI's starting options before any `.options` file is read.
    pub fn tabari() -> CoderOptions {
        CoderOptions {
            min_words: 8,
            negation: false,
            report_clauses: false,
            ..CoderOptions::default()
        }
    }
}

/// What an options line did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OptionEffect {
    Applied,
    /// A command dyad reads but that does not change coding (OUTPUT, LABEL, usage switches).
    Ignored,
    /// `LABEL: code=text`.
    Label(Box<str>, Box<str>),
}

/// Applies one TABARI options command (`COMPLEX: VERBS[5] CONJ[4] NOACTPRIOR`,
/// `SET: CODE BY SENTENCE`, `DEFAULT: OFF`, ...). Returns an error message for
/// a command dyad does not recognize or cannot read.
pub fn apply_tabari_command(opts: &mut CoderOptions, line: &str) -> Result<OptionEffect, String> {
    let line = line.trim();
    let Some((cmd, rest)) = line.split_once(':') else {
        return Err(format!("options line {line:?} has no COMMAND: part"));
    };
    let cmd = cmd.trim().to_ascii_uppercase();
    let rest_upper = rest.trim().to_ascii_uppercase();
    match cmd.as_str() {
        "COMPLEX" => {
            opts.complex = parse_complex(&rest_upper)?;
            Ok(OptionEffect::Applied)
        }
        "COMMA" => {
            parse_comma(&rest_upper, &mut opts.comma)?;
            Ok(OptionEffect::Applied)
        }
        "DEFAULT" => {
            parse_default(rest.trim(), opts)?;
            Ok(OptionEffect::Applied)
        }
        "SET" => parse_set(&rest_upper, opts),
        "FORWARD" => {
            let words: Vec<&str> = rest.split_whitespace().collect();
            if words.iter().any(|w| w.eq_ignore_ascii_case("OFF")) {
                opts.forward = None;
            } else if let Some(mask) = words.first() {
                opts.forward = Some((*mask).into());
            } else {
                return Err("FORWARD: needs a record-id mask such as ^^*****NNN*SSS".into());
            }
            Ok(OptionEffect::Applied)
        }
        "LABEL" => match rest.split_once('=') {
            Some((code, text)) => Ok(OptionEffect::Label(code.trim().into(), text.trim().into())),
            None => Err(format!("LABEL: {rest:?} must be code=text")),
        },
        "OUTPUT" | "NONEVENTS" => Ok(OptionEffect::Ignored),
        _ if cmd.starts_with('*') => Ok(OptionEffect::Ignored),
        _ => Err(format!(
            "unknown options command {cmd:?} (expected COMPLEX, COMMA, DEFAULT, SET, FORWARD, OUTPUT, LABEL or NONEVENTS)"
        )),
    }
}

fn parse_complex(rest: &str) -> Result<ComplexLimits, String> {
    let mut c = ComplexLimits::default();
    for word in rest.split_whitespace() {
        let (name, n) = match word.split_once('[') {
            Some((name, num)) => {
                let num = num.trim_end_matches(']');
                let n: u32 = num
                    .trim()
                    .parse()
                    .map_err(|_| format!("COMPLEX: {word} needs a number in [ ]"))?;
                (name, n)
            }
            None => (word, 0),
        };
        match name {
            "VERBS" => c.verbs = n,
            "ACTORS" => c.actors = n,
            "PRONOUNS" => c.pronouns = n,
            "CONJ" => c.conjunctions = n,
            "COMMA" => c.commas = n,
            "LATEVERB" => c.late_verb = n,
            "NOACTPRIOR" => c.no_actor_prior = true,
            "NOACTAFTER" => c.no_actor_after = true,
            "NOSOURCE" => c.no_source = true,
            "NOTARGET" => c.no_target = true,
            "NOVERB" => c.no_verb = true,
            "NOEVENT" => c.no_event = true,
            "EXPLAIN" | "NOSAVE" => {}
            other => return Err(format!("COMPLEX: unknown condition {other:?}")),
        }
    }
    Ok(c)
}

fn parse_comma(rest: &str, comma: &mut CommaLimits) -> Result<(), String> {
    if rest.split_whitespace().any(|w| w == "OFF") {
        *comma = CommaLimits::OFF;
        return Ok(());
    }
    let spaced = rest.replace('=', " = ");
    let toks: Vec<&str> = spaced.split_whitespace().collect();
    let mut i = 0;
    while i < toks.len() {
        let key = toks[i];
        if toks.get(i + 1) != Some(&"=") {
            return Err(format!("COMMA: expected KEY = number at {key:?}"));
        }
        let value: u32 = toks
            .get(i + 2)
            .and_then(|v| v.parse().ok())
            .ok_or_else(|| format!("COMMA: {key} needs a number"))?;
        match key {
            "MIN" => comma.min = value,
            "MAX" => comma.max = value,
            "EMIN" => comma.end_min = value,
            "EMAX" => comma.end_max = value,
            "BMIN" => comma.begin_min = value,
            "BMAX" => comma.begin_max = value,
            other => {
                return Err(format!(
                    "COMMA: unknown setting {other:?} (MIN, MAX, EMIN, EMAX, BMIN, BMAX)"
                ));
            }
        }
        i += 3;
    }
    Ok(())
}

fn parse_default(rest: &str, opts: &mut CoderOptions) -> Result<(), String> {
    let upper = rest.to_ascii_uppercase();
    if upper.split_whitespace().next() == Some("OFF") {
        opts.default_source = None;
        opts.default_target = None;
        opts.default_source_prior = false;
        opts.default_target_after = false;
        return Ok(());
    }
    let bracket = |key: &str| -> Result<Option<Box<str>>, String> {
        let Some(pos) = upper.find(key) else {
            return Ok(None);
        };
        let after = &rest[pos + key.len()..];
        let open = after
            .find('[')
            .ok_or_else(|| format!("DEFAULT: {key} needs a [CODE]"))?;
        let close = after[open..]
            .find(']')
            .ok_or_else(|| format!("DEFAULT: {key} [CODE is missing ]"))?;
        let code = after[open + 1..open + close].trim();
        if code.is_empty() {
            return Err(format!("DEFAULT: {key} has an empty code"));
        }
        Ok(Some(code.to_ascii_uppercase().into()))
    };
    if let Some(c) = bracket("SOURCE")? {
        opts.default_source = Some(c);
    }
    if let Some(c) = bracket("TARGET")? {
        opts.default_target = Some(c);
    }
    if upper.contains("PRIOR") {
        opts.default_source_prior = true;
    }
    if upper.contains("AFTER") {
        opts.default_target_after = true;
    }
    Ok(())
}

fn parse_set(rest: &str, opts: &mut CoderOptions) -> Result<OptionEffect, String> {
    let value_bool = || -> Result<bool, String> {
        let v = rest
            .split_once('=')
            .map(|(_, v)| v.trim())
            .ok_or_else(|| format!("SET: {rest} needs = TRUE or = FALSE"))?;
        match v.chars().next() {
            Some('T') => Ok(true),
            Some('F') => Ok(false),
            _ => Err(format!("SET: {rest}: expected TRUE or FALSE")),
        }
    };
    if rest.starts_with("CODE") {
        opts.code_by = if rest.contains("SENTENCE") {
            CodeBy::Sentence
        } else if rest.contains("ALL") {
            CodeBy::All
        } else if rest.contains("CLAUSE") {
            CodeBy::Clause
        } else {
            return Err(format!(
                "SET: {rest}: expected CODE BY CLAUSE, SENTENCE or ALL"
            ));
        };
        return Ok(OptionEffect::Applied);
    }
    if rest.starts_with("MINIMUM") {
        let v = rest.split_once('=').map(|(_, v)| v.trim()).unwrap_or("");
        opts.min_words = v
            .parse()
            .map_err(|_| format!("SET: MINIMUM WORDS needs a number, not {v:?}"))?;
        return Ok(OptionEffect::Applied);
    }
    if rest.starts_with("YYYY") {
        opts.four_digit_years = value_bool()?;
        return Ok(OptionEffect::Applied);
    }
    if rest.starts_with("TIME") {
        opts.time_shift = Some(value_bool()?);
        return Ok(OptionEffect::Applied);
    }
    if rest.starts_with("CONVERT") {
        opts.convert_agents = value_bool()?;
        return Ok(OptionEffect::Applied);
    }
    if rest.starts_with("FBIS") {
        opts.fbis = value_bool()?;
        return Ok(OptionEffect::Applied);
    }
    Ok(OptionEffect::Ignored)
}

/// Applies a PETRARCH `[Options]` or `<Config>` key. Unknown keys are ignored
/// (they concern input/output, not coding); bad values are errors.
pub fn apply_petrarch_option(
    opts: &mut CoderOptions,
    key: &str,
    value: &str,
) -> Result<(), String> {
    let key = key.trim().to_ascii_lowercase();
    let value = value.trim();
    let int = || -> Result<u32, String> {
        value
            .parse()
            .map_err(|_| format!("{key} must be a whole number, not {value:?}"))
    };
    match key.as_str() {
        "new_actor_length" => opts.new_actor_length = int()?,
        "require_dyad" => opts.require_dyad = !value.to_ascii_lowercase().contains("false"),
        "comma_min" => opts.comma.min = int()?,
        "comma_max" => opts.comma.max = int()?,
        "comma_bmin" => opts.comma.begin_min = int()?,
        "comma_bmax" => opts.comma.begin_max = int()?,
        "comma_emin" => opts.comma.end_min = int()?,
        "comma_emax" => opts.comma.end_max = int()?,
        // dyad's own keys
        "parse_style" => {
            opts.style = match value.to_ascii_lowercase().as_str() {
                "tabari" => ParseStyle::Tabari,
                "petrarch" => ParseStyle::Petrarch,
                _ => {
                    return Err(format!(
                        "parse_style must be tabari or petrarch, not {value:?}"
                    ));
                }
            }
        }
        "negation" => opts.negation = !value.to_ascii_lowercase().contains("false"),
        "report_clauses" => opts.report_clauses = !value.to_ascii_lowercase().contains("false"),
        "participle_clauses" => {
            opts.participle_clauses = !value.to_ascii_lowercase().contains("false")
        }
        "inherit_actors" => opts.inherit_actors = !value.to_ascii_lowercase().contains("false"),
        "frames" => opts.frames = !value.to_ascii_lowercase().contains("false"),
        "meeting_places" => opts.meeting_places = !value.to_ascii_lowercase().contains("false"),
        "place_countries" => opts.place_countries = !value.to_ascii_lowercase().contains("false"),
        "agentless_passive" => {
            opts.agentless_passive = !value.to_ascii_lowercase().contains("false")
        }
        "noun_modifiers" => opts.noun_modifiers = !value.to_ascii_lowercase().contains("false"),
        "non_parties" => opts.non_parties = !value.to_ascii_lowercase().contains("false"),
        "modals" => opts.modals = !value.to_ascii_lowercase().contains("false"),
        "actor_senses" => opts.actor_senses = !value.to_ascii_lowercase().contains("false"),
        // TABARI's COMPLEX limits (0 is off)
        "complex_verbs" => opts.complex.verbs = int()?,
        "complex_actors" => opts.complex.actors = int()?,
        "complex_conjunctions" => opts.complex.conjunctions = int()?,
        "complex_pronouns" => opts.complex.pronouns = int()?,
        "code_by" => {
            opts.code_by = match value.to_ascii_lowercase().as_str() {
                "clause" => CodeBy::Clause,
                "sentence" => CodeBy::Sentence,
                "all" => CodeBy::All,
                _ => {
                    return Err(format!(
                        "code_by must be clause, sentence or all, not {value:?}"
                    ));
                }
            }
        }
        _ => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tabari_commands() {
        let mut o = CoderOptions::tabari();
        apply_tabari_command(&mut o, "COMPLEX: VERBS[5] CONJ[4] NOACTPRIOR EXPLAIN").unwrap();
        assert_eq!(o.complex.verbs, 5);
        assert_eq!(o.complex.conjunctions, 4);
        assert!(o.complex.no_actor_prior);
        apply_tabari_command(
            &mut o,
            "COMMA: MIN = 4 MAX = 6 EMIN = 3 EMAX = 6 BMIN = 3 BMAX = 8",
        )
        .unwrap();
        assert_eq!(
            o.comma,
            CommaLimits {
                min: 4,
                max: 6,
                end_min: 3,
                end_max: 6,
                begin_min: 3,
                begin_max: 8
            }
        );
        apply_tabari_command(&mut o, "COMMA: OFF").unwrap();
        assert_eq!(o.comma, CommaLimits::OFF);
        apply_tabari_command(
            &mut o,
            "DEFAULT: SOURCE [DEFSRC] PRIOR TARGET [DEFTAR] AFTER",
        )
        .unwrap();
        assert_eq!(o.default_source.as_deref(), Some("DEFSRC"));
        assert!(o.default_source_prior && o.default_target_after);
        apply_tabari_command(&mut o, "DEFAULT: OFF").unwrap();
        assert!(o.default_source.is_none());
        apply_tabari_command(&mut o, "SET: CODE BY SENTENCE").unwrap();
        assert_eq!(o.code_by, CodeBy::Sentence);
        apply_tabari_command(&mut o, "SET: CODE ALL").unwrap();
        assert_eq!(o.code_by, CodeBy::All);
        apply_tabari_command(&mut o, "SET: MINIMUM WORDS = 4").unwrap();
        assert_eq!(o.min_words, 4);
        apply_tabari_command(&mut o, "SET: TIME SHIFT = FALSE").unwrap();
        assert_eq!(o.time_shift, Some(false));
        apply_tabari_command(&mut o, "SET: CONVERT AGENT = TRUE").unwrap();
        assert!(o.convert_agents);
        apply_tabari_command(&mut o, "FORWARD: ^^*****NNN*SSS").unwrap();
        assert_eq!(o.forward.as_deref(), Some("^^*****NNN*SSS"));
        apply_tabari_command(&mut o, "FORWARD: ^^*****NNN*SSS OFF").unwrap();
        assert!(o.forward.is_none());
        assert_eq!(
            apply_tabari_command(&mut o, "LABEL: 010=YIELD").unwrap(),
            OptionEffect::Label("010".into(), "YIELD".into())
        );
        assert!(apply_tabari_command(&mut o, "COMPLEX: VERBS[x]").is_err());
        assert!(apply_tabari_command(&mut o, "BOGUS: 1").is_err());
        assert!(apply_tabari_command(&mut o, "no colon").is_err());
    }
}
