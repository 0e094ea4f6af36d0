"""Nynorsk for the command line's own words (commands/output.py LABELS, affordability, policy, the report
and the demo), by their bokmål wording; merged into states/nynorsk_words.py."""

from __future__ import annotations

NN_SCREENS: dict[str, str] = {
    "PostgreSQL håndhever tilgangen selv for den som logger inn som sin egen rolle: gruppene {roles} (i"
    " pg_hba.conf: +{caseworker} ...).":
        "PostgreSQL handhevar tilgangen sjølv for den som loggar inn som si eiga rolle: gruppene {roles} (i"
        " pg_hba.conf: +{caseworker} ...).",
    "Intern feil i rto (en bug); kjør igjen med --debug for detaljer.":
        "Intern feil i rto (ein bug); køyr igjen med --debug for detaljar.",
    "Sak": "Sak",
    "Husstand": "Hushald",
    "Status siden": "Status sidan",
    "Saksbehandler": "Sakshandsamar",
    "Åpnet": "Opna",
    "Siste aktivitet": "Siste aktivitet",
    "Versjon": "Versjon",
    "Opplysninger": "Opplysningar",
    "Ingen opplysninger registrert ennå.": "Ingen opplysningar registrerte enno.",
    "Neste steg": "Neste steg",
    "Ingen: saken er avsluttet (en fagleder kan gjenåpne den).":
        "Ingen: saka er avslutta (ein fagleiar kan opne henne att).",
    "Ingen: husstanden har flyttet inn i egen bolig.": "Ingen: hushaldet har flytta inn i eigen bustad.",
    "ny bolig": "ny bustad",
    "Betjeningsevne": "Betalingsevne",
    "Netto inntekt": "Netto inntekt",
    "− levekostnader": "− levekostnader",
    "det høyeste av referansebudsjett {ref} og minstesats {floor}":
        "det høgaste av referansebudsjett {ref} og minstesats {floor}",
    "alder ukjent for noen barn: høyeste sats brukt": "alder ukjend for nokre born: høgaste sats brukt",
    "− gjeld": "− gjeld",
    "− faste utgifter": "− faste utgifter",
    "− boutgift": "− buutgift",
    "annuitet på {loan} til {rate} over {years} år + felleskostnader {common}":
        "annuitet på {loan} til {rate} over {years} år + felleskostnader {common}",
    "= overskudd per måned": "= overskot per månad",
    "holder": "held",
    "holder ikke": "held ikkje",
    "Kjøpsramme": "Kjøpsramme",
    "{price} + omkostninger {costs} = {total} mot rammen {frame}":
        "{price} + omkostnader {costs} = {total} mot ramma {frame}",
    "satt på vent fra": "sett på vent frå",
    "utfall": "utfall",
    "Utfall": "Utfall",
    "Tidspunkt": "Tidspunkt",
    "Hvem": "Kven",
    "Hendelse": "Hending",
    "Endring": "Endring",
    "Detaljer": "Detaljar",
    "Brukerident": "Brukarident",
    "Navn": "Namn",
    "Rolle": "Rolle",
    "Aktiv": "Aktiv",
    "ja": "ja",
    "nei": "nei",
    "ingen": "ingen",
    "Ingen saker.": "Ingen saker.",
    "Fødsels-/D-nummer": "Fødsels-/D-nummer",
    "Saker": "Saker",
    "Registrert i sak {case}: {facts}": "Registrert i sak {case}: {facts}",
    "Ingen endring: verdiene var allerede registrert.": "Inga endring: verdiane var alt registrerte.",
    "Notat lagt til i sak {case}.": "Notat lagt til i sak {case}.",
    "Opprettet databasen {where}.": "Oppretta databasen {where}.",
    "Oppgraderte databasen {where} ({old} → {new}).": "Oppgraderte databasen {where} ({old} → {new}).",
    "Databasen er allerede oppdatert: {where}.": "Databasen er alt oppdatert: {where}.",
    "Laget nøkkelen fødselsnumrene krypteres med: {path} (bare for deg: 0600). Ta sikkerhetskopi av den,"
    " atskilt fra databasen: uten den kan ingen lese numrene.":
        "Laga nøkkelen fødselsnummera vert krypterte med: {path} (berre for deg: 0600). Ta tryggingskopi av"
        " han, skild frå databasen: utan han kan ingen lese nummera.",
    "Registrerte {login} som administrator.": "Registrerte {login} som administrator.",
    "Ingenting forfaller.": "Ingenting forfell.",
    "Til": "Til",
    "Forfalt": "Forfall",
    "Status": "Status",
    "Forsøk": "Forsøk",
    "Påminnelser lagt i kø: {count}.": "Påminningar lagde i kø: {count}.",
    "Påminnelser som ville blitt lagt i kø: {count} (prøvekjøring: ingenting er lagret).":
        "Påminningar som ville vorte lagde i kø: {count} (prøvekøyring: ingenting er lagra).",
    "Sendt: {sent} · prøves igjen senere: {retried} · feilet: {failed}":
        "Sende: {sent} · vert prøvde att seinare: {retried} · feila: {failed}",
    "En annen planlegger kjører mot denne databasen; venter til den stopper ...":
        "Ein annan planleggjar køyrer mot denne databasen; ventar til han stoppar ...",
    "Kjørte gjennomgang og utsending én gang.": "Køyrde gjennomgang og utsending éin gong.",
    "Står stille siden": "Står stille sidan",
    "Sak {case} videreføres.": "Sak {case} vert vidareført.",
    "Rapport: fra leie til eie": "Rapport: frå leige til eige",
    "per": "per",
    "Husstander som har flyttet inn i egen bolig": "Hushald som har flytta inn i eigen bustad",
    "År": "År",
    "Husstander": "Hushald",
    "Kommunale boliger frigjort": "Kommunale bustader frigjorde",
    "Median tid fra åpnet sak til innflytting (måneder)": "Median tid frå opna sak til innflytting (månader)",
    "innen {months} måneder": "innan {months} månader",
    "Andel med finansieringsbevis som kjøpte (kontrakt) innen {months} måneder":
        "Del med finansieringsbevis som kjøpte (kontrakt) innan {months} månader",
    "Andel med finansieringsbevis som ikke har kjøpt": "Del med finansieringsbevis som ikkje har kjøpt",
    "Trakt: saker som nådde hvert steg": "Trakt: saker som nådde kvart steg",
    "Tid i hver status (dager)": "Tid i kvar status (dagar)",
    "Opphold": "Opphald",
    "Median": "Median",
    "90. persentil": "90. persentil",
    "Avsluttede saker etter utfall": "Avslutta saker etter utfall",
    "Saker nå": "Saker no",
    "Åpne saker": "Opne saker",
    "Står stille": "Står stille",
    "Åpne i mer enn {months} måneder": "Opne i meir enn {months} månader",
    "Åpne lenger enn horisonten (horisonten er «aldri»)": "Opne lenger enn horisonten (horisonten er «aldri»)",
    "Finansieringsbevis som utløper innen {days} dager": "Finansieringsbevis som går ut innan {days} dagar",
    "Finansieringsbevis som er utløpt (åpne saker)": "Finansieringsbevis som har gått ut (opne saker)",
    "Saker per saksbehandler": "Saker per sakshandsamar",
    "Åpne": "Opne",
    "Påminnelser": "Påminningar",
    "sendt": "send",
    "venter": "ventar",
    "feilet": "feila",
    "Skrev {path}.": "Skreiv {path}.",
    "så saken": "såg saka",
    "så historikken": "såg historikken",
    "eksporterte": "eksporterte",
    "så husstanden": "såg hushaldet",
    "fant husstanden etter fødselsnummer": "fann hushaldet etter fødselsnummer",
    "Ingen husstand har det nummeret (som du kan se).": "Ingen hushald har det nummeret (som du kan sjå).",
    "så dokumentlisten": "såg dokumentlista",
    "så vedtakene": "såg vedtaka",
    "laget vedtaksbrev": "laga vedtaksbrev",
    "Ingen har sett saken ennå.": "Ingen har sett saka enno.",
    "{login} har ikke sett noen saker.": "{login} har ikkje sett nokon saker.",
    "Eksporterte {count} hendelser til {path}.": "Eksporterte {count} hendingar til {path}.",
    "ingen å sende til (ingen med e-post)": "ingen å sende til (ingen med e-post)",
    "Historikken er intakt (kontrollert: saker {cases}, hendelser {events}; husstander {households},"
    " hendelser {household_events}).":
        "Historikken er intakt (kontrollert: saker {cases}, hendingar {events}; hushald {households}, hendingar"
        " {household_events}).",
    "Historikken er intakt og stemmer med alle {checkpoints} sjekkpunkter (kontrollert: saker {cases},"
    " hendelser {events}; husstander {households}, hendelser {household_events}).":
        "Historikken er intakt og stemmer med alle {checkpoints} sjekkpunkta (kontrollert: saker {cases},"
        " hendingar {events}; hushald {households}, hendingar {household_events}).",
    "Skrev signeringsnøkkelen {private} (bare for deg: 0600) og den offentlige nøkkelen {public}.":
        "Skreiv signeringsnøkkelen {private} (berre for deg: 0600) og den offentlege nøkkelen {public}.",
    "Fingeravtrykk: {fingerprint}": "Fingeravtrykk: {fingerprint}",
    "Oppgi signeringsnøkkelen som [audit] signing_key, og gi den offentlige nøkkelen til dem som"
    " kontrollerer: rto audit verify --public-key {public}":
        "Oppgje signeringsnøkkelen som [audit] signing_key, og gje den offentlege nøkkelen til dei som"
        " kontrollerer: rto audit verify --public-key {public}",
    "Forseglet sjekkpunkt {number} i {file} (saker {cases}, hendelser {events}; saker endret siden forrige:"
    " {changed}).":
        "Forsegla sjekkpunkt {number} i {file} (saker {cases}, hendingar {events}; saker endra sidan førre:"
        " {changed}).",
    "Merkle-rot: {root}": "Merkle-rot: {root}",
    "Kopi til faglederne lagt i utboksen: {logins}": "Kopi til fagleiarane lagd i utboksen: {logins}",
    "Ingen fagleder med e-post å sende kopien til.": "Ingen fagleiar med e-post å sende kopien til.",
    "Demo: {households} husstander gjennom {months} måneder ({start}–{end}), frø {seed}.":
        "Demo: {households} hushald gjennom {months} månader ({start}–{end}), frø {seed}.",
    "Mappe: {folder}": "Mappe: {folder}",
    "Måned": "Månad",
    "Innflyttet": "Innflytta",
    "Avsluttet": "Avslutta",
    "Påminnelser sendt": "Påminningar sende",
    "Underveis: {refused_affordability} avslag på betjeningsevne (løst med {smaller_loans} mindre lån,"
    " {grants} tilskudd og {cheaper_homes} rimeligere boliger; resten avsluttet), {lost_bids} tapte bud,"
    " {pauses} pauser, {follow_ups} purringer etter påminnelse, {reassigned} saker omfordelt, {continued}"
    " videreført etter 12 måneder, {certificates_extended} finansieringsbevis forlenget, {decisions} vedtak"
    " med fire øyne, {papers} dokumenter mottatt og {papers_waived} frafalt.":
        "Undervegs: {refused_affordability} avslag på betalingsevne (løyste med {smaller_loans} mindre lån,"
        " {grants} tilskot og {cheaper_homes} rimelegare bustader; resten avslutta), {lost_bids} tapte bod,"
        " {pauses} pausar, {follow_ups} purringar etter påminning, {reassigned} saker omfordelte, {continued}"
        " vidareførte etter 12 månader, {certificates_extended} finansieringsbevis forlengde, {decisions}"
        " vedtak med fire auge, {papers} dokument mottekne og {papers_waived} fråfalne.",
    "Databasen:     ": "Databasen:     ",
    "E-postmappen:  ": "E-postmappa:   ",
    "{count} e-poster": "{count} e-postar",
    "HTML-rapporten:": "HTML-rapporten:",
    "Se selv: RTO_IDENTITY=declared rto --db {url} --as siri case list --stalled":
        "Sjå sjølv: RTO_IDENTITY=declared rto --db {url} --as siri case list --stalled",
    "Ferdig på {seconds} s. Slett {folder} når du er ferdig.":
        "Ferdig på {seconds} s. Slett {folder} når du er ferdig.",
    "Merk: identiteten er oppgitt (declared): {login} blir ikke kontrollert mot innloggingen.":
        "Merk: identiteten er oppgjeven (declared): {login} vert ikkje kontrollert mot innlogginga.",
    "Språk i brev": "Språk i brev",
    "som konfigurert": "som konfigurert",
    "Medlem": "Medlem",
    "Født": "Fødd",
    "Alder": "Alder",
    "Ingen medlemmer registrert ennå.": "Ingen medlemmer registrerte enno.",
    "Medlem {member} er fjernet fra husstanden.": "Medlem {member} er fjerna frå hushaldet.",
    "Medlemmer": "Medlemmer",
    "Dokument": "Dokument",
    "Trengs før": "Trengst før",
    "Arkivreferanse / begrunnelse": "Arkivreferanse / grunngiving",
    "Sak {case}: {paper} er {status}.": "Sak {case}: {paper} er {status}.",
    "Mangler før neste steg": "Manglar før neste steg",
    "Vedtak": "Vedtak",
    "Vedtak {decision} er {status}.": "Vedtak {decision} er {status}.",
    "Ingen vedtak.": "Ingen vedtak.",
    "Type": "Type",
    "Foreslått av": "Føreslått av",
    "Avgjort av": "Avgjort av",
    "Innhald": "Innhald",
    "Innhold": "Innhald",
    "(brevets standardbeskrivelse av bistanden)": "(standardskildringa av bistanden i brevet)",
    "Begrunnelse": "Grunngiving",
    "Merknad": "Merknad",
    "{path} har allerede en database eller e-postmappe; velg en ny eller tom mappe.":
        "{path} har alt ein database eller ei e-postmappe; vel ei ny eller tom mappe.",
    "Betjeningsevne på finansieringsbevisets ramme": "Betalingsevne på ramma i finansieringsbeviset",
    "Betjeningsevne på boligen til {price}": "Betalingsevne på bustaden til {price}",
    "referansebudsjettet (SIFO), høyere enn minstesatsen {floor}":
        "referansebudsjettet (SIFO), høgare enn minstesatsen {floor}",
    "minstesatsen (NAV), høyere enn referansebudsjettet {reference}":
        "minstesatsen (NAV), høgare enn referansebudsjettet {reference}",
    "− barnehage/SFO": "− barnehage/SFO",
    "{amount} er med i referansebudsjettet, ikke trukket to ganger":
        "{amount} er med i referansebudsjettet, ikkje trekt to gonger",
    "− startlån": "− startlån",
    "{loan} til {rate} over {years} år ({repayment})": "{loan} til {rate} over {years} år ({repayment})",
    "− banklån": "− banklån",
    "{loan} til {rate} (stresstestet) over {years} år": "{loan} til {rate} (stresstesta) over {years} år",
    "− felleskostnader": "− felleskostnader",
    "− driftskostnader": "− driftskostnader",
    "standard for {kind}: {items}": "standard for {kind}: {items}",
    "registrert for boligen": "registrert for bustaden",
    "holder ikke: lånet må avslås (finansavtaleloven § 5-4)":
        "held ikkje: lånet må avslåast (finansavtalelova § 5-4)",
    "Lån som trengs: {price} + kjøpsomkostninger {costs} − egenkapital {equity} − tilskudd {grant}{bank} = {loan}":
        "Lån som trengst: {price} + kjøpsomkostnader {costs} − eigenkapital {equity} − tilskot {grant}{bank} ="
        " {loan}",
    " − banklån {bank}": " − banklån {bank}",
    "Tall brukt": "Tal brukte",
    "fra": "frå",
    "serielån, første termin": "serielån, første termin",
    "strøm": "straum",
    "forsikring": "forsikring",
    "kommunale avgifter": "kommunale avgifter",
    "vedlikehold": "vedlikehald",
    "styringsrenten": "styringsrenta",
    "påslag": "påslag",
    "standard løpetid": "standard løpetid",
    "minstesatser": "minstesatsar",
    "referansebudsjett": "referansebudsjett",
    "dokumentavgift": "dokumentavgift",
    "tinglysingsgebyr": "tinglysingsgebyr",
    "banklånets påslag": "påslaget på banklånet",
    "banklånets minsterente": "minsterenta på banklånet",
    "driftskostnader, selveier": "driftskostnader, sjølveigar",
    "driftskostnader, borettslag": "driftskostnader, burettslag",
    "Policy i kraft {on}": "Policy i kraft {on}",
    "Tall": "Tal",
    "Verdi": "Verdi",
    "Fra": "Frå",
    "Kilde": "Kjelde",
    "Alle tidsbundne tall er oppdatert per {on}.": "Alle tidsbundne tal er oppdaterte per {on}.",
    "{name} = {value} fra {day} er {age} dager gammel (grense {limit} dager). Kilde: {source}":
        "{name} = {value} frå {day} er {age} dagar gammal (grense {limit} dagar). Kjelde: {source}",
    "{name} = {value} fra {day} er {age} måneder gammel (grense {limit} måneder). Kilde: {source}":
        "{name} = {value} frå {day} er {age} månader gammal (grense {limit} månader). Kjelde: {source}",
    "Legg til en [[policy]]-oppføring med de nye tallene, datoen de gjelder fra og kilden (se `rto policy show`).":
        "Legg til ei [[policy]]-oppføring med dei nye tala, datoen dei gjeld frå og kjelda (sjå `rto policy show`).",
    "Norges Banks styringsrente": "Styringsrenta til Noregs Bank",
    "Kartverkets tinglysingsgebyr": "Tinglysingsgebyret til Kartverket",
    "NAVs veiledende satser (minstesats for livsopphold)": "Rettleiande satsar frå NAV (minstesats for livsopphald)",
    "SIFOs referansebudsjett": "Referansebudsjettet til SIFO",
    "driftskostnader for selveier": "driftskostnader for sjølveigar",
    "driftskostnader for borettslag": "driftskostnader for burettslag",
    "innloggingen på maskinen": "innlogginga på maskina",
    "databasens innlogging": "innlogginga til databasen",
}
