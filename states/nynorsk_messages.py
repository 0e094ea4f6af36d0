"""The message catalogue's sentences in nynorsk, by message code (the bokmål and English are in
states/messages.py and states/catalogue_*.py)."""

from __future__ import annotations

_PAY = ("Lånet må avslåast (finansavtalelova § 5-4); det som kan endre vurderinga, er eit mindre lån, tilskot,"
        " bustøtte rekna som inntekt eller ein rimelegare bustad. Sjå `rto case show`.")

NN_MESSAGES: dict[str, str] = {
    # --- guards ---
    "fact_missing": "{fact:fact} er ikkje registrert.",
    "consent_missing": "Samtykke frå hushaldet er ikkje registrert (consent=ja).",
    "consent_missing_no": "Hushaldet har ikkje samtykt (consent er registrert som nei).",
    "income_unpredictable": "Det er ikkje registrert om inntekta er føreseieleg (income_predictable=ja).",
    "income_unpredictable_no": "Inntekta er registrert som ikkje føreseieleg (income_predictable=nei).",
    "plan_missing": "Planen for bistanden er ikkje avtalt med hushaldet (plan_agreed=ja).",
    "plan_missing_no": "Planen er registrert som ikkje avtalt (plan_agreed=nei).",
    "certificate_missing": "Finansieringsbeviset er ikkje registrert: låneramma må vere over 0 kr (loan_amount).",
    "certificate_expired": "Finansieringsbeviset går ut {expires:date}; utløpsdatoen må vere etter {on:date}.",
    "certificate_invalid": "Finansieringsbeviset er ikkje gyldig {on:date}: det gjekk ut {expires:date}.",
    "certificate_invalid_on_contract": "Finansieringsbeviset var ikkje gyldig på kontraktsdatoen {on:date}: det gjekk"
                                       " ut {expires:date}.",
    "certificate_not_yet": "Finansieringsbeviset gjeld frå {issued:date} og var ikkje gyldig {on:date}.",
    "term_too_long": "Løpetida {years} år er lengre enn maksimum {max} år (loan_years).",
    "unaffordable": "Hushaldet kan ikkje betene ramma i finansieringsbeviset: overskotet er {surplus:kr} per månad"
                    " (inntekt {income:kr} − levekostnader {living_costs:kr} − gjeld {debt:kr} − faste utgifter"
                    " {fixed_costs:kr} − buutgift {housing_cost:kr} med {loan:kr} i startlån til {rate_percent:pct}"
                    " over {years} år). " + _PAY,
    "unaffordable_home": "Hushaldet kan ikkje betene lånet til bustaden til {price:kr}: overskotet er {surplus:kr}"
                         " per månad (inntekt {income:kr} − levekostnader {living_costs:kr} − gjeld {debt:kr} −"
                         " faste utgifter {fixed_costs:kr} − buutgift {housing_cost:kr}: {loan:kr} i startlån til"
                         " {rate_percent:pct} over {years} år, felleskostnader {common_costs:kr} og driftskostnader"
                         " {running_costs:kr}). " + _PAY,
    "term_reason_missing": "Løpetida {years} år er lengre enn standarden på {standard} år: registrer grunngivinga"
                           " (term_reason).",
    "over_frame_with_bank": "{what:fact} {price:kr} + kjøpsomkostnader {costs:kr} = {total:kr} er over ramma"
                            " {frame:kr} (startlån {loan:kr} + banklån {bank_loan:kr} + tilskot {grant:kr} +"
                            " eigenkapital {equity:kr}).",
    "property_not_approved": "Kommunen har ikkje godkjent bustaden (property_approved=ja).",
    "property_not_approved_no": "Bustaden er registrert som ikkje godkjend av kommunen (property_approved=nei).",
    "over_frame": "{what:fact} {price:kr} + kjøpsomkostnader {costs:kr} = {total:kr} er over ramma {frame:kr}"
                  " (lån {loan:kr} + tilskot {grant:kr} + eigenkapital {equity:kr}).",
    "bid_not_lost": "Bodet er ikkje registrert som tapt eller trekt (bid_result=lost eller withdrawn; no: {result}).",
    "bid_not_accepted": "Bodet er ikkje registrert som akseptert (bid_result=accepted; no: {result}).",
    "takeover_before_contract": "Overtakinga {takeover:date} er før kontraktsdatoen {contract:date}.",
    "takeover_not_reached": "Overtakingsdatoen {takeover:date} er ikkje nådd (i dag {on:date}).",
    "tenancy_not_ended": "Leigeforholdet i den kommunale bustaden {unit} er ikkje avslutta (tenancy_ended=ja).",
    # --- refusals that are not a guard ---
    "no_such_step": "Sak {case} har status «{state:state}»; derifrå går det ikkje til «{target:state}». Moglege"
                    " steg: {options:states}.",
    "override_affordability": "Sak {case} kan ikkje overstyrast til {target:state}: betalingsevna held ikkje, og"
                              " finansavtalelova § 5-4 pålegg långjevaren å avslå eit lån hushaldet ikkje kan"
                              " betene. Det som kan endre vurderinga, er endra opplysningar: eit mindre lån,"
                              " tilskot, bustøtte rekna som inntekt eller ein rimelegare bustad.",
    "guards_unmet": "Sak {case} kan ikkje gå frå «{state:state}» til «{target:state}»:",
    "not_paused": "Sak {case} er ikkje på vent (han har status «{state:state}»).",
    "case_terminal": "Sak {case} er avslutta; opplysningane kan ikkje endrast (ein fagleiar kan opne henne att).",
    "case_moved_in": "Sak {case} er fullført: hushaldet har flytta inn. Opplysningane kan ikkje endrast, men du kan"
                     " skrive notat.",
    "continue_not_due": "Sak {case} har ikkje nådd horisonten: ho vart opna {opened:date} ({months} månader sidan),"
                        " og fagleiar tek stilling til å vidareføre henne etter {escalation} månader.",
    "household_has_open_case": "Hushald {household} har alt ei open sak ({case}).",
    # --- bad input ---
    "unknown_fact": "Ukjend opplysning «{name}». Gyldige: {valid}.",
    "unknown_fact_near": "Ukjend opplysning «{name}». Meinte du {nearest}? Gyldige: {valid}.",
    "no_facts_given": "Oppgje minst éin NØKKEL=VERDI. Gyldige nøklar: {valid}.",
    "not_key_value": "«{word}» er ikkje på forma NØKKEL=VERDI.",
    "fact_twice": "{name} er oppgjeve to gonger.",
    "bad_amount": "{name}: «{value}» er ikkje eit beløp i heile kroner ≥ 0 (t.d. 350000).",
    "bad_count": "{name}: «{value}» er ikkje eit heilt tal frå {low} til {high}.",
    "bad_id": "{name}: «{value}» er ikkje eit nummer (siffer, frå {low} til {high}).",
    "bad_date": "{name}: «{value}» er ikkje ein dato på forma ÅÅÅÅ-MM-DD.",
    "date_out_of_range": "{name}: {value} er utanfor {first}–{last}.",
    "as_of_future": "--as-of {value} er fram i tid; bruk --dry-run for å sjå kva som då vil forfalle.",
    "bad_range": "--from {start} er etter --to {end}.",
    "cannot_write": "Kan ikkje skrive {path}: {why}.",
    "bad_yesno": "{name}: «{value}» må vere ja eller nei.",
    "bad_rate": "{name}: «{value}» er ikkje ei rente i prosent over 0 og høgst 30 (t.d. 5.2).",
    "bad_text": "{name}: teksten må vere utskrivbar og høgst {limit} teikn.",
    "bad_free_text": "{name}: teksten kan ha høgst {limit} teikn og ingen kontrollteikn.",
    "bad_choice": "{name}: «{value}» er ikkje gyldig. Gyldige: {valid}.",
    "bad_choice_near": "{name}: «{value}» er ikkje gyldig. Meinte du {nearest}? Gyldige: {valid}.",
    "bad_ages": "{name}: «{value}» må vere alder 0–17, skilde med komma (t.d. 3,8,14).",
    "bad_email": "{name}: «{value}» er ikkje ei e-postadresse (berre a–z, 0–9 og vanlege teikn; eit domene med æøå"
                 " skriv du xn--...).",
    "bad_nin": "{value} er ikkje eit gyldig fødselsnummer eller D-nummer: {why:nin}.",
    "unknown_state": "Ukjend status «{value}». Gyldige: {valid:states}.",
    "unknown_state_near": "Ukjend status «{value}». Meinte du «{nearest:state}»? Gyldige: {valid:states}.",
    "cannot_clear": "{name} kan ikkje fjernast, berre endrast.",
    "ages_exceed_children": "child_ages har {ages} aldrar, men hushaldet har {children} born.",
    "nin_twice": "Same fødselsnummer er oppgjeve to gonger.",
    "cannot_deactivate_self": "{login} kan ikkje deaktivere seg sjølv.",
    "bad_outcome": "Ukjent utfall «{value}». Gyldige: {valid}.".replace("Ukjent", "Ukjend"),
    "reason_needed": "Oppgje ei grunngiving (--reason) for å {action:action}.",
    "text_needed": "Notatet er tomt.",
    "bad_name": "{what} kan ikkje vere tomt.",
    "bad_login": "«{value}» er ikkje ein gyldig brukarident (bokstavar, tal, . _ -).",
    "staff_exists": "{login} er alt registrert.",
    "admin_exists": "Databasen har alt ein administrator ({login}); legg til fleire med `rto staff add`.",
    "not_a_caseworker": "{login} kan ikkje ha saker (rolle: {role:role}).",
    "holder_inactive": "{login} er deaktivert og kan ikkje få saker.",
    "bad_database_url": "Ugyldig database-URL «{url}»: {why}. Gyldige: {valid}.",
    "unsupported_database": "rto kan ikkje bruke databasen {url}: berre SQLite og PostgreSQL (med psycopg) er"
                            " støtta. Gyldige: {valid}.",
    "database_read_only": "Databasen {where} er skriveverna, og dette skriv til han (òg det å sjå ei sak, som"
                          " vert registrert i tilgangsloggen). Bruk ein skrivbar database; `rto audit verify` og"
                          " `rto report` verkar på ein skriveverna kopi.",
    "access_needs_case_or_login": "Oppgje ei SAK eller --by BRUKARIDENT. Sjå `rto audit access --help`.",
    "database_unreachable": "Får ikkje kontakt med databasen {url}: {why}.",
    "usage_missing": "Manglar {param}. Sjå `{help}`.",
    "usage_bad_value": "Ugyldig verdi for {param}: {detail} Sjå `{help}`.",
    "usage_unknown_option": "Ukjent val {option}. Sjå `{help}`.".replace("Ukjent", "Ukjend"),
    "usage_error": "{detail} Sjå `{help}`.",
    "usage_no_such_command": "Ukjend kommando «{name}». Sjå `{help}`.",
    "usage_no_such_command_near": "Ukjend kommando «{name}». Meinte du «{nearest}»? Sjå `{help}`.",
    "diagram_to_terminal": "Eit PNG-bilete vert ikkje skrive til terminalen: bruk -o FIL (t.d. -o reisa.png).",
    "diagram_written": "Skreiv diagrammet til {path}.",
    # --- not found ---
    "case_not_found": "Fann inga sak {case}.",
    "household_not_found": "Fann ikkje hushald {household}.",
    "staff_not_found": "Fann ingen tilsett med brukarident {login}.",
    "database_missing": "Databasen finst ikkje enno ({where}). Køyr `rto init` først.",
    "database_outdated": "Databasen er på versjon {found}, denne rto treng {needed}. Køyr `rto init`.",
    "graphviz_missing": "Fann ikkje Graphviz-programmet `dot`, som trengst for --format {format}. Installer Graphviz"
                        " (`apt install graphviz` eller `brew install graphviz`), eller bruk `rto diagram --format"
                        " mermaid`, som ikkje treng det. Ingenting vart skrive.",
    "graphviz_package_missing": "Python-pakken graphviz manglar (`pip install graphviz==0.21`); `rto diagram"
                                " --format mermaid` verkar utan han. Ingenting vart skrive.",
    # --- not permitted ---
    "unknown_login": "{login} er ikkje registrert som tilsett; ein administrator registrerer tilsette med rto staff"
                     " add.",
    "impersonation": "Du er logga inn som {actual} og kan ikkje handle som {login}: identiteten kjem frå"
                     " {source:source} ([identity] source), og --as/RTO_USER vert godteke berre når han er"
                     " «declared».",
    "inactive_login": "{login} er deaktivert.",
    "init_needs_createrole": "rto init lagar grupperoller og innloggingsroller på PostgreSQL, så {login} må kunne"
                             " opprette roller (CREATEROLE, eller superbrukar): {why}.",
    "init_needs_owner": "rto init endrar tabellane og tilgangen til dei, så han vert køyrd som rolla som eig dei"
                        " ({owner}), ikkje som {login}.",
    "role_needed": "{login} ({role:role}) har ikkje lov til dette; det krev {needed:role}.",
    "household_not_yours": "{login} har inga sak for hushald {household} og har ikkje registrert det.",
    "not_assigned": "Sak {case} er tildelt {caseworker}, ikkje {login}.",
    "override_needs_proposal": "Overstyring krev fire auge: steget til {target:state} i sak {case} må først vere"
                               " freista og avvist av ein annan tilsett.",
    "override_own_proposal": "{login} føreslo sjølv steget til {target:state} i sak {case} og kan ikkje overstyre"
                             " det (fire auge).",
    # --- conflict ---
    "conflict": "Nokon andre endra sak {case} i mellomtida (versjon {expected} → {actual}). Ingenting vart lagra;"
                " sjå saka og prøv igjen.",
    "override_not_applicable": "--override gjeld berre steg med vilkår, ikkje {target:state}.",
    "changed_meanwhile": "Andre endra det denne endringa byggjer på, fleire gonger medan ho vart avgjord; ingenting"
                         " vart lagra. Prøv igjen.",
    "database_busy": "Databasen er oppteken med ei anna endring; ingenting vart lagra. Prøv igjen.",
    # --- audit ---
    "history_edited": "innhaldet stemmer ikkje med hashen (endra)",
    "history_link": "lenkja til førre hending er broten (sett inn, sletta eller flytta)",
    "history_gap": "hendingar manglar framfor henne (venta nr. {expected})",
    "history_order": "rekkjefølgja er endra (venta nr. {expected})",
    "history_replay": "ho følgjer ikkje av hendingane før henne ({source:state} → {target:state})",
    "history_unreadable": "detaljane kan ikkje lesast",
    "history_tail": "historikken har {found} hendingar, men saka oppgjev {claimed}",
    "case_row_altered": "saka er endra utanom historikken ({what})",
    "household_row_altered": "hushaldet er endra utanom historikken ({what})",
    "history_orphan": "hendinga høyrer ikkje til noka sak",
    "decision_row_altered": "vedtak {decision} er endra utanom historikken ({what})",
    "audit_failed_household": "Historikken er endra: hushald {household}, hending {event}: {problem}.",
    "audit_failed": "Historikken er endra: sak {case}, hending {event}: {problem}.",
    "history_truncated": "sjekkpunkt {checkpoint} ({at:moment}) forsegla {sealed}, saka har {found} (avkorta)",
    "history_rewritten": "nr. {first}–{last} er ikkje det sjekkpunkt {checkpoint} ({at:moment}) forsegla (endra)",
    "case_deleted": "saka manglar; sjekkpunkt {checkpoint} ({at:moment}) forsegla {sealed} hendingar (sletta)",
    "case_not_sealed": "datert {event_at:moment}, men ikkje i sjekkpunkt {checkpoint} ({at:moment}) (sett inn)",
    "event_not_sealed": "datert {event_at:moment}; sjekkpunkt {checkpoint} ({at:moment}) har berre {sealed} (sett"
                        " inn)",
    "checkpoint_failed": "Ein kan ikkje stole på sjekkpunkta: sjekkpunkt {checkpoint} i {file}: {problem}.",
    "checkpoint_unreadable": "lina kan ikkje lesast ({why})",
    "checkpoint_other_key": "det er signert med ein annan nøkkel ({found}…, ikkje {expected}…)",
    "checkpoint_bad_signature": "signaturen stemmer ikkje (forfalska eller endra)",
    "checkpoint_chain": "det peikar ikkje på sjekkpunktet før (fjerna, sett inn eller flytta)",
    "checkpoint_altered": "sakene det listar, gjev ikkje rota og tala det signerte (endra)",
    "seal_refused": "Forseglar ikkje: sak {case} stemmer ikkje med sjekkpunkt {checkpoint}. Sjå `rto audit verify`.",
    "seal_file_untrusted": "Forseglar ikkje: sjekkpunkt {checkpoint} i {file} stemmer ikkje. Sjå `rto audit"
                           " verify`.",
    "signing_key_missing": "Finn ikkje signeringsnøkkelen {path}; lag ein med `rto audit keygen`.",
    "cannot_read": "Kan ikkje lese {path}: {why}.",
    "key_file_exists": "{path} finst alt; rto skriv aldri over ein nøkkel.",
    "key_paths_same": "--private og --public må vere to ulike filer.",
    "checkpoints_need_key": "--checkpoints treng --public-key, nøkkelen dei vert kontrollerte med.",
    "checkpoints_busy": "Ei anna forsegling skriv til {path}; prøv igjen.",
    # --- configuration ---
    "identity_key_exposed": "Nøkkelen for fødselsnummer {path} kan lesast av andre; gjer han privat: chmod 600"
                            " {path}.",
    "identity_key_bad": "{path} er ikkje ein nøkkel for fødselsnummer (32 byte i base64).",
    "identity_key_wrong": "Fødselsnummera kan ikkje lesast med nøkkelen {path}: feil nøkkelfil.",
    "identity_key_unwritable": "Kan ikkje lage nøkkelen for fødselsnummer {path}: {why}.",
    "identity_needs_postgres": "[identity] source = \"database\" krev PostgreSQL (databasen er {dialect}); bruk os"
                               " eller declared.",
    "config_unreadable": "Kan ikkje lese konfigurasjonen {path}: {why}.",
    "config_bad_value": "Konfigurasjon: {key} = «{value}» er ugyldig; gyldig: {valid}.",
    "policy_empty": "Konfigurasjonen har ingen [[policy]]-oppføringar.",
    "policy_incomplete": "Den første policy-oppføringa ({day}) manglar {keys}.",
    "policy_needs_from": "{where} manglar ein gyldig `from`-dato (ÅÅÅÅ-MM-DD).",
    "policy_bad_number": "{where}: {key} må vere eit tal ≥ 0{never}.",
    "policy_bad_table": "{where}: {key} må vere ein tabell av heile tal ≥ 0{never} med nøklane {keys}.",
    "policy_bad_terms": "Policy frå {day}: standard_term_years må vere minst 1 og høgst max_term_years.",
    "policy_bad_choice": "{where}: {key} må vere ein av {valid}.",
    "policy_bad_text": "{where}: {key} må vere ein tekst.",
    "policy_unknown_key": "{where}: ukjend nøkkel {key}. Gyldige: {valid}.",
    # --- people, papers and decisions (states/catalogue_people.py) ---
    "paper_missing": "{label:pick} er ikkje motteke ({paper}).",
    "paper_missing_from": "{label:pick} frå {name} er ikkje motteke ({paper}, --member {member}).",
    "decision_missing": "Bistanden er ikkje innvilga i eit godkjent vedtak: gjer framlegg om vedtaket (rto decision"
                        " propose --kind help_granted), og få det godkjent av ein fagleiar (bustadsosiallova § 7).",
    "decision_awaiting": "Vedtaket om å innvilge bistanden er føreslått, men enno ikkje godkjent av ein fagleiar.",
    "help_refused_in_force": "Eit godkjent vedtak avslår bistanden (help_refused): saka kan berre avsluttast.",
    "override_decision": "Sak {case} kan ikkje overstyrast til {target:state}: individuell bistand vert gjeven,"
                         " avslått og avslutta ved enkeltvedtak (bustadsosiallova § 7), og ei overstyring kan"
                         " ikkje erstatte vedtaket.",
    "decision_pending": "Sak {case} har alt eit framlegg om {kind:decision} som ventar på ein fagleiar.",
    "decision_nothing_to_end": "Sak {case} har ikkje noko godkjent vedtak om bistand som kan avsluttast.",
    "decision_exists": "Sak {case} har alt eit godkjent vedtak: {kind:decision}.",
    "decision_help_granted": "Bistanden er innvilga i sak {case}; skal han opphøyre, gjer framlegg om help_ended.",
    "decision_only_closing": "Eit godkjent avslag (help_refused) gjeld for sak {case}: saka kan berre avsluttast.",
    "decision_own_proposal": "{login} føreslo vedtak {decision} sjølv; ein annan fagleiar må godkjenne eller avvise"
                             " det (to par auge).",
    "decision_not_proposed": "Vedtak {decision} er alt {status:dstatus}; berre eit framlegg kan avgjerast.",
    "decision_not_found": "Fann ikkje vedtak {decision}.",
    "bad_decision_kind": "Ukjend vedtakstype «{value}»; gyldige: {valid}.",
    "letter_not_decided": "Vedtak {decision} er {status:dstatus}; berre eit godkjent vedtak har eit brev.",
    "letter_failed": "Brevet for vedtak {decision} kan ikkje lagast: {why}.",
    "pdf_to_terminal": "Ein PDF vert ikkje skriven til terminalen: bruk -o vedtak-{decision}.pdf, eller --format"
                       " html.",
    "bad_format": "Ukjent format «{value}»; gyldige: {valid}.".replace("Ukjent", "Ukjend"),
    "bad_language": "Ukjent språk «{value}»; gyldige: {valid}.".replace("Ukjent", "Ukjend"),
    "paper_not_found": "Ukjent dokument «{key}»; sjekklista har: {valid}.".replace("Ukjent", "Ukjend"),
    "bad_paper_status": "Ukjent status «{value}»; gyldige: {valid}.".replace("Ukjent", "Ukjend"),
    "paper_per_household": "{key} vert levert éin gong for hushaldet: oppgje ikkje --member.",
    "member_needed": "{key} vert levert av kvar vaksen: oppgje --member, ein av {valid}.",
    "member_not_adult": "Medlem {member} er ikkje vaksen; {key} vert levert av dei vaksne.",
    "nin_registered": "Fødselsnummeret er alt registrert i hushald {household}; flytt personen derifrå (household"
                      " member remove) i staden for å registrere det to gonger.",
    "member_not_found": "Fann ikkje medlem {member} i hushald {household}.",
    "born_in_future": "Fødselsdatoen {born:date} er etter i dag ({today:date}).",
    "co_applicant_child": "Ein medsøkjar må vere vaksen (minst {age} år); fødselsdatoen er {born:date}.",
    "co_applicant_exists": "Hushaldet har alt ein medsøkjar.",
    "nin_only_adults": "Fødselsnummer vert registrert berre for vaksne; medlemmet er fødd {born:date}.",
    "nin_born_mismatch": "Fødselsnummeret passar ikkje med fødselsdatoen {born:date}.",
    # --- the household's export, the report and household histories (merged from main) ---
    "export_not_yours": "{login} er ikkje sakshandsamar for noka sak i hushald {household}: berre sakshandsamaren"
                        " for ei av sakene til hushaldet eller ein fagleiar kan eksportere det som er lagra om det.",
    "report_period": "Periode: {start:date}–{end:date} · laga {made:moment}",
    "report_period_open": "Periode: til og med {end:date} (ingen saker enno) · laga {made:moment}",
    "act_heading": "Saker å følgje opp ({count})",
    "act_none": "Ingen saker å følgje opp i dag.",
    "act_case": "Sak",
    "act_caseworker": "Sakshandsamar",
    "act_state": "Status",
    "act_opened": "Opna",
    "act_what": "Følg opp",
    "act_unassigned": "ingen",
    "act_stalled": "står stille, sist aktiv {since:date}",
    "act_past_horizon_escalation": "open i {months} mnd., over {limit}: vidareføre/avslutte?",
    "act_past_horizon_warning": "open i {months} mnd., over {limit}",
    "act_certificate_expired": "finansieringsbeviset gjekk ut {day:date}",
    "act_certificate_expiring": "finansieringsbeviset går ut {day:date}",
    "act_prospects": "Moglege kjøparar som ikkje er kontakta ({count})",
    "act_prospects_none": "Ingen: alle moglege kjøparar er kontakta.",
    "act_household": "Hushald",
    "act_assessed": "Vurdert",
    "trend_heading": "Innflytta per månad mot målet om {target} hushald i året",
    "trend_heading_no_target": "Innflytta per månad (utan mål)",
    "trend_summary": "{households} hushald på {months} månader; målet for dei: {target}.",
    "trend_summary_no_target": "{households} hushald på {months} månader.",
    "trend_month": "Månad",
    "trend_moved_in": "Innflytta",
    "trend_cumulative": "Sum",
    "trend_target": "Mål (sum)",
    "trend_chart": "Innflytta, lagt saman månad for månad, mot målet",
    "ovf_heading": "Oversikta: frå registeret til innflytting, {start:date}–{end:date}",
    "ovf_step": "Steg",
    "ovf_count": "Tal",
    "ovf_households": "hushald i registeret",
    "ovf_assessed": "vurderte i perioden",
    "ovf_prospects": "kan kjøpe",
    "ovf_contacted": "kontakta",
    "ovf_interested": "interesserte",
    "ovf_cases_opened": "saker opna",
    "ovf_moved_in": "flytta inn",
    "ovf_year": "År",
    "ovf_units_released": "Kommunale bustader frigjorde",
    "ovf_register_units": "Kommunale bustader i registeret",
    "trend_legend_moved_in": "innflytta (sum)",
    "trend_legend_target": "målet ({target} i året)",
    "trend_per_month": "per månad",
    "definitions": "Slik er tala rekna",
    "def_moved_in": "Innflytta: saker med status «{moved_in:state}», talde i året (og månaden) dei fekk han. Born:"
                    " borna i desse hushalda. Kommunale bustader frigjorde: dei ulike kommunale bustadene hushalda"
                    " flytta frå.",
    "def_target": "Målet: {target} hushald i året ({source}), fordelt likt på månadene: etter n månader er målet"
                  " {target} × n / 12.",
    "def_target_none": "Målet: ikkje sett (target_per_year er «never»).",
    "def_open_to_move_in": "Tid frå opna sak til innflytting: medianen (den midtarste, eller snittet av dei to"
                           " midtarste) for sakene som har flytta inn, i månader à 30,4 dagar, og delen av dei som"
                           " flytta inn innan {months} månader.",
    "def_conversion": "Kjøp med finansieringsbevis: av dei som fekk beviset for minst {window} månader sidan, rekna"
                      " frå utferdingsdatoen, delen som signerte kjøpekontrakt (fekk status «{contracted:state}»)"
                      " innan {window} månader, og delen som aldri har kjøpt. Slik reknar Husbanken òg{benchmark}.",
    "def_benchmark": "; {source}: {percent}",
    "def_funnel": "Trakta: kor mange ulike saker som nokon gong har hatt kvar status; med --year sakene opna det"
                  " året.",
    "def_time_in_state": "Tid i kvar status: fullførte opphald, frå saka fekk statusen til ho fekk ein annan; median"
                         " og 90. persentil (nærmaste rang).",
    "def_stalled": "Står stille: opne saker utan ny opplysning, notat eller statusendring i lengre tid enn fristen"
                   " for statusen ({thresholds}); «{contracted:state}» vert rekna frå overtakingsdatoen.",
    "def_days": "{state:state}\xa0{days}\xa0d",
    "def_never": "{state:state} aldri",
    "def_horizon": "Horisonten: saker opna for minst {warning} månader sidan (sakshandsamaren vert varsla) og for"
                   " minst {escalation} månader sidan (ein fagleiar avgjer om saka skal vidareførast eller"
                   " avsluttast).",
    "def_certificates": "Finansieringsbevis som går ut: opne saker med status «{financed:state}», «{searching:state}»"
                        " eller «{bidding:state}» der beviset går ut innan {days} dagar; gått ut: utløpsdatoen er"
                        " passert.",
    "def_prospects": "Moglege kjøparar som ikkje er kontakta: hushald som etter siste vurdering kan kjøpe ein bustad"
                     " som passar, og som ingen har kontakta.",
    "household_truncated": "sjekkpunkt {checkpoint} ({at:moment}) forsegla {sealed}, hushaldet har {found}"
                           " (avkorta)",
    "household_rewritten": "nr. {first}–{last} er ikkje det sjekkpunkt {checkpoint} ({at:moment}) forsegla (endra)",
    "household_deleted": "hushaldet manglar; sjekkpunkt {checkpoint} ({at:moment}) forsegla {sealed} hendingar"
                         " (sletta)",
    "household_not_sealed": "datert {event_at:moment}, men ikkje i sjekkpunkt {checkpoint} ({at:moment}) (sett inn)",
    "household_event_not_sealed": "datert {event_at:moment}; sjekkpunkt {checkpoint} ({at:moment}) har berre"
                                  " {sealed} (sett inn)",
    "checkpoint_downgraded": "det er av format 1 og forseglar ingen hushald, etter eit sjekkpunkt som gjorde det",
    "seal_refused_household": "Forseglar ikkje: hushald {household} stemmer ikkje med sjekkpunkt {checkpoint}. Sjå"
                              " `rto audit verify`.",
    # --- the overview and retention (merged from main) ---
    "household_erased": "Hushald {household} er sletta etter lagringstida, så sak {case} kan ikkje opnast att."
                        " Registrer hushaldet på nytt og opne ei ny sak.",
    "history_attestation": "hendingane sletta før henne, forsegla med ein eldre hashformel, er ikkje dei ho"
                           " stadfestar (endra)",
    "history_erased_unrecorded": "personopplysningane i hendinga er sletta, men historikken har inga registrert"
                                 " sletting etter henne",
    "import_bad_rows": "{file}: {count} rad(er) kan ikkje importerast; ingenting er skrive. Rett fila og importer"
                       " igjen:",
    "import_cell": "line {line}, kolonne {column}: {why:msg}",
    "import_ragged": "line {line}: rada har ikkje like mange verdiar som overskriftsrada",
    "import_twice": "line {line}, kolonne {column}: {value} står òg på line {first}",
    "import_nin_twice": "line {line}, kolonne {column}: fødselsnummeret {value} står òg på line {first}",
    "import_nin_registered": "line {line}, kolonne {column}: fødselsnummeret {value} er alt registrert i hushald"
                             " {household}",
    "import_needs_id": "id-en i registeret manglar (ein tekst på høgst 100 teikn)",
    "import_bad_map": "--map {word}: skriv KOLONNE=FELT, der FELT er eitt av {valid}.",
    "import_unreadable": "Kan ikkje lese {file}: {why}.",
    "import_not_utf8": "{file} er ikkje UTF-8 (byte {at}); eksporter registeret som UTF-8.",
    "import_empty": "{file} er tom: den første rada må vere overskriftene.",
    "import_bad_header": "{file}: overskriftsrada manglar {missing} (to gonger: {twice}). Kolonnane er {valid}; bruk"
                         " --map KOLONNE=FELT for dei eigne namna i registeret.",
    "assessment_needs_income": "Hushald {household} har inga registrert inntekt; registrer tala til hushaldet først"
                               " (household import eller household figures).",
    "counts_from_members": "Hushald {household} har registrerte medlemmer, så {facts} vert rekna ut frå"
                           " fødselsdatoane deira: bruk rto household member add og remove.",
}
