"""Every command's and option's help in bokmål, by the command's path (`case advance`) or the option's
(`case advance --reason`; options every command shares by their name alone). The English is the commands'
docstrings; nynorsk is in commands/help_nn.py. `make help-text` renders `rto --help` from these."""

from __future__ import annotations

_EX = "\n\n\b\nEksempel:\n"

HELP_NB: dict[str, str] = {
    "rto": "rto: fra leie til eie. Hjelp husstander i kommunal utleiebolig å kjøpe egen bolig.\n\n"
           "En saksbehandler åpner en sak for en husstand, registrerer det hun får vite, og fører saken gjennom"
           " reisen: kartlagt, motivert, finansiert, boligsøk, budgivning, kontrakt, innflyttet. Hvert steg"
           " avvises, med det som mangler, til vilkårene holder; hver endring tas vare på i sakens historikk.\n\n"
           "\b\nStart:  rto init --admin kari --name \"Kari Nordmann\" --email kari@kommune.no\n"
           "Så:     rto staff add ola --name \"Ola Hansen\" --email ola@kommune.no --role caseworker\n"
           "        rto --as ola household add --name \"Familien Berg\" --adults 2 --children 1\n"
           "        rto --as ola case open 1\n"
           "        rto --as ola case show 1\n\n"
           "Globale valg kan også stå etter kommandoen (rto case show 1 --json).\n\n"
           "\b\nAvslutningskoder: 0 utført, 2 ugyldig inndata, 3 avvist av reglene, 4 ikke funnet,\n"
           "5 ikke tillatt, 6 konflikt (prøv igjen), 7 historikken er endret, 1 intern feil.",
    "--db": "SQLAlchemy-URL [miljø RTO_DATABASE_URL; standard: SQLite i brukerens datamappe].",
    "--as": "Hvem som handler [miljø RTO_USER; standard: innloggingen på maskinen].",
    "--config": "TOML-fil med policy og innstillinger [miljø RTO_CONFIG].",
    "--json": "Skriv ett JSON-dokument på stdout.",
    "--lang": "Språk: nb bokmål, nn nynorsk, en engelsk [miljø RTO_LANGUAGE; standard nb].",
    "--debug": "Vis sporingen ved en intern feil.",
    "--version": "Vis versjonen og avslutt.",
    "--help": "Vis denne hjelpen og avslutt.",
    "--output": "Skriv til denne filen.",
    "--expect-version": "Avvis (kode 6) om saken ikke lenger har versjon N, slik du sist så den.",
    # --- audit ---
    "audit": "Revisjon: kontroller og forsegl sakenes historikk.\n\n"
             "En forsegling signerer et sjekkpunkt av all historikk; verify med --public-key kontrollerer mot"
             " hver forsegling." + _EX + "  rto --as kari audit verify\n  rto --as kari audit seal\n"
             "  rto --as kari audit verify --public-key /etc/rto/audit.pub",
    "audit verify": "Kontroller historikken til hver sak: kode 0 når den er intakt, 7 med den første endrede"
                    " hendelsen. Med --public-key også mot hvert forseglet sjekkpunkt: en avkortet eller omskrevet"
                    " historikk, en slettet eller innsatt sak, en tilbakedatert hendelse eller et forfalsket"
                    " sjekkpunkt gir kode 7 og nevnes." + _EX + "  rto --as kari audit verify\n"
                    "  rto --as kari audit verify --checkpoints /var/lib/rto/checkpoints.jsonl"
                    " --public-key /etc/rto/audit.pub",
    "audit verify --public-key": "Kontroller historikken også mot de forseglede sjekkpunktene, med denne"
                                 " nøkkelen.",
    "audit verify --checkpoints": "Sjekkpunktfilen [standard: [audit] checkpoints, RTO_AUDIT_CHECKPOINTS].",
    "audit keygen": "Lag et Ed25519-nøkkelpar for å forsegle sjekkpunkter. Den private nøkkelen ligger der `rto"
                    " audit seal` kjører ([audit] signing_key), den offentlige hos dem som kontrollerer. Trenger"
                    " ingen database." + _EX
                    + "  rto audit keygen --private /etc/rto/audit.key --public /etc/rto/audit.pub",
    "audit keygen --private": "Hvor signeringsnøkkelen skrives (0600; aldri over en fil som finnes).",
    "audit keygen --public": "Hvor den offentlige nøkkelen skrives: den `audit verify --public-key` bruker.",
    "audit seal": "Signer et sjekkpunkt av all historikk (hver saks lengde og hode, under én Merkle-rot) med"
                  " signeringsnøkkelen ([audit] signing_key), legg det til sjekkpunktfilen ([audit] checkpoints), og"
                  " legg en kopi til faglederne i utboksen. Ingenting forsegles over en historikk et tidligere"
                  " sjekkpunkt viser er avkortet eller slettet: kode 7." + _EX + "  rto --as kari audit seal\n"
                  "  RTO_AUDIT_SIGNING_KEY=/etc/rto/audit.key rto --as rto --json audit seal",
    "audit access": "Hvem som har sett en sak (vist, historikk, eksport), eller hva en ansatt har sett, nyeste"
                    " først (fagledere og administratorer)." + _EX + "  rto --as kari audit access 12\n"
                    "  rto --as kari audit access --by ola --since 2026-01-01",
    "audit access --by": "Det denne ansatte har sett.",
    "audit access --since": "Bare fra denne dagen (ÅÅÅÅ-MM-DD).",
    "audit export": "All historikk i et datoområde som JSON-linjer, for arkivering: hver linje har den nøyaktige"
                    " teksten og hashene den ble skrevet med, så arkivet kan kontrolleres senere (fagledere og"
                    " administratorer). Hver sak som eksporteres, registreres i tilgangsloggen." + _EX
                    + "  rto --as kari audit export --from 2026-01-01 --to 2026-12-31 -o historikk-2026.jsonl",
    "audit export --from": "Fra denne dagen (ÅÅÅÅ-MM-DD; standard: begynnelsen).",
    "audit export --to": "Til og med denne dagen (standard: i dag).",
    # --- case ---
    "case": "Saker: én husstands vei fra å leie til å eie." + _EX + "  rto case open 1\n"
            "  rto case set 1 consent=ja income_monthly=52000 income_predictable=ja plan_agreed=ja\n"
            "  rto case advance 1 motivert",
    "case open": "Åpne en sak for en husstand; den starter som «kartlagt». Skriver saksnummeret." + _EX
                 + "  rto case open 3 --caseworker ola",
    "case open --caseworker": "Hvem som har saken (standard: du; andre: fagledere).",
    "case show": "Vis en sak: opplysningene, betjeningsevnen og det som hindrer hvert neste steg." + _EX
                 + "  rto case show 12 --json",
    "case list": "List saker, nyeste først (en saksbehandler ser sine egne)." + _EX
                 + "  rto case list --state boligsøk\n  rto case list --stalled",
    "case list --state": "Bare saker med denne statusen (kode eller norsk navn).",
    "case list --caseworker": "Bare denne saksbehandlerens saker (fagledere).",
    "case list --as-of": "Med --stalled: slik det var denne dagen (ÅÅÅÅ-MM-DD; standard i dag).",
    "case list --stalled": "Bare saker uten aktivitet lenger enn statusen tillater.",
    "case set": "Registrer opplysninger. Alle kontrolleres først; én ugyldig verdi, og ingenting skrives.\n\n"
                "Beløp i hele kroner, datoer ÅÅÅÅ-MM-DD, ja/nei-opplysninger ja eller nei, renter i prosent (5.2)."
                " En tom verdi (NØKKEL=) fjerner en opplysning. Opplysninger: consent income_monthly"
                " income_predictable debt_monthly fixed_costs_monthly childcare_monthly plan_agreed loan_amount"
                " grant_amount equity certificate_issued certificate_expires loan_rate loan_years term_reason"
                " repayment bank_loan_amount bank_loan_rate bank_loan_years startskudd_ref property property_type"
                " asking_price common_costs_monthly electricity_monthly insurance_monthly municipal_fees_monthly"
                " maintenance_monthly property_approved bid_amount bid_result purchase_price contract_date"
                " takeover_date tenancy_ended; og for husstanden: adults children child_ages (til medlemmene er"
                " registrert) municipal_unit email email_consent." + _EX
                + "  rto case set 12 income_monthly=52000 income_predictable=ja debt_monthly=0",
    "case note": "Skriv et notat i sakens historikk." + _EX
                 + "  rto case note 12 \"Visning i Storgata 5 lørdag; husstanden er positiv.\"",
    "case advance": "Flytt en sak til STATUS; avvises (kode 3) med hvert vilkår som ikke holder.\n\n"
                    "STATUS er en av: kartlagt motivert finansiert boligsøk budgivning kontrakt innflyttet (eller"
                    " kodene screened ... moved_in). «På vent» og «avsluttet» har egne kommandoer; et steg"
                    " bakover er fagleders, med --reason." + _EX + "  rto case advance 12 motivert\n"
                    "  rto --as kari case advance 12 finansiert --override --reason \"Lånet er innvilget av"
                    " Husbanken\"",
    "case advance --reason": "Hvorfor (trengs ved overstyring og ved korrigering bakover).",
    "case advance --override": "Fagledere: ta et steg en annen ble avvist på.",
    "case pause": "Sett en sak på vent; `resume` fører den tilbake dit den var." + _EX
                  + "  rto case pause 12 --reason \"Fødsel i familien; tar opp igjen i mars\"",
    "case pause --reason": "Hvorfor saken venter (en livshendelse).",
    "case resume": "Gjenoppta en sak på vent, med statusen den hadde." + _EX + "  rto case resume 12",
    "case close": "Avslutt en sak uten kjøp, med en utfallskode og en begrunnelse." + _EX
                  + "  rto case close 12 --outcome private_rental --reason \"Fant leilighet på det private"
                  " markedet\"",
    "case close --outcome": "Hvorfor husstanden gikk ut av programmet.",
    "case close --reason": "Med ord.",
    "case reopen": "Gjenåpne en avsluttet sak som «kartlagt» (fagledere)." + _EX
                   + "  rto --as kari case reopen 12 --reason \"Ny jobb med fast inntekt\"",
    "case reopen --reason": "Hvorfor saken tas opp igjen.",
    "case continue": "Bestem at arbeidet med en sak fortsetter etter 12-månedershorisonten (fagledere), med en"
                     " begrunnelse." + _EX + "  rto --as siri case continue 12 --reason \"Budrunde pågår;"
                     " finansieringsbevis forlenget til mars\"",
    "case continue --reason": "Hvorfor arbeidet fortsetter etter 12-månedershorisonten.",
    "case assign": "Gi en sak til en annen saksbehandler (fagledere)." + _EX + "  rto --as kari case assign 12 ola",
    "case history": "Sakens historikk, eldste først: hvem gjorde hva, når, før og etter." + _EX
                    + "  rto case history 12 --csv > sak-12.csv",
    "case history --csv": "CSV på stdout, én hendelse per rad.",
    "case docs": "Sakens dokumenter: hvert dokument på sjekklisten (per voksen der hver leverer ett), steget som"
                 " trenger det, og om det er mottatt, frafalt eller mangler." + _EX + "  rto case docs 12",
    "case doc": "Registrer et dokument som mottatt (med arkivreferanse), frafalt (fagleders, med begrunnelse)"
                " eller manglende igjen. rto tar vare på referansen, aldri dokumentet." + _EX
                + "  rto case doc 12 tax_return received --member 31 --ref \"2026/1432-7\"\n"
                "  rto case doc 12 payslips waived --member 32 --reason \"Uføretrygd: vedtak fra NAV ligger i"
                " saken\"",
    "case doc --member": "Hvem dokumentet gjelder, der hver voksen leverer ett.",
    "case doc --ref": "Dokumentets referanse i kommunens arkiv.",
    "case doc --reason": "Hvorfor det frafalles (fagledere), eller mangler igjen.",
    # --- decision ---
    "decision": "Vedtak om individuell bistand (enkeltvedtak etter boligsosialloven): en saksbehandler foreslår,"
                " en annen fagleder enn forslagsstilleren godkjenner eller avviser, og husstanden får et brev."
                + _EX + "  rto --as ola decision propose 12 --kind help_granted --content \"Veiledning ...\""
                " --reason \"...\"\n  rto --as siri decision approve 4\n"
                "  rto --as ola decision letter 4 --format pdf -o vedtak-4.pdf",
    "decision propose": "Foreslå et vedtak i din sak; skriver vedtakets nummer. En annen fagleder enn du avgjør"
                        " det." + _EX + "  rto decision propose 12 --kind help_granted --reason \"Stabil inntekt,"
                        " kan betjene et startlån ...\"",
    "decision propose --kind": "Hva som vedtas.",
    "decision propose --reason": "Begrunnelsen (forvaltningsloven §§ 24-25): faktum og hensynene vedtaket bygger"
                                 " på.",
    "decision propose --content": "Hovedinnholdet i bistanden (boligsosialloven § 7); standard: brevets"
                                  " beskrivelse av programmets bistand.",
    "decision approve": "Godkjenn et foreslått vedtak (en annen fagleder enn forslagsstilleren). Saksbehandleren"
                        " får beskjed om at brevet er klart." + _EX + "  rto --as siri decision approve 4",
    "decision approve --note": "En merknad til godkjenningen.",
    "decision reject": "Avvis et foreslått vedtak (en annen fagleder enn forslagsstilleren), med en begrunnelse."
                       + _EX + "  rto --as siri decision reject 4 --reason \"Inntekten er ikke dokumentert\"",
    "decision reject --reason": "Hvorfor; saksbehandleren kan foreslå på nytt.",
    "decision list": "Vedtakene i en sak, eller i alle saker du kan se, nyeste først." + _EX
                     + "  rto decision list 12",
    "decision show": "Ett vedtak: hva det gjelder, innhold og begrunnelse, hvem som foreslo og hvem som avgjorde."
                     + _EX + "  rto decision show 4",
    "decision letter": "Vedtaksbrevet til husstanden, som PDF eller HTML. Det har personopplysninger: skriv det"
                       " ut eller send det med sikker digital post, aldri med vanlig e-post." + _EX
                       + "  rto decision letter 4 --format pdf -o vedtak-4.pdf\n"
                       "  rto decision letter 4 --format html --language nn -o vedtak-4.html",
    "decision letter --format": "PDF eller HTML.",
    "decision letter --language": "Brevets språk (standard: husstandens).",
    # --- the rest ---
    "demo": "Se hele produktet i arbeid: en database til engangsbruk, husstander som kommer over månedene, og"
            " hver sak ført gjennom reisen av de ekte tjenestene, med en falsk klokke en dag om gangen.\n\n"
            "Husstander kartlegges, finansieres (eller avvises på betjeningsevne, noen overstyrt av en fagleder),"
            " søker, taper bud og byr igjen, settes på vent, står stille, avsluttes eller flytter inn. Hver"
            " virkedag legger den ekte gjennomgangen påminnelser i kø, og utboksen leverer dem i en e-postmappe."
            " Én linje per simulert måned, så faglederrapporten, og hvor databasen, e-postmappen og"
            " HTML-rapporten ligger. Ingenting utenfor demoens mappe berøres." + _EX
            + "  rto demo\n  rto demo --seed 3 --months 12 --households 25 --dir /tmp/rto-demo",
    "demo --seed": "Samme frø forteller samme historie.",
    "demo --months": "Måneder å simulere.",
    "demo --households": "Husstander som kommer i løpet av de første månedene.",
    "demo --dir": "Hvor databasen, e-postmappen og rapporten legges [standard: en ny midlertidig mappe].",
    "diagram": "Tegn reisen: Mermaid, DOT, SVG eller PNG.\n\n"
               "Statusene og stegene mellom dem, tegnet fra den samme definisjonen motoren kjører; trenger ingen"
               " database. Mermaid-tekst (standard) vises på GitHub og i mange editorer; SVG og PNG trenger"
               " Graphviz (`dot`). Korrigeringene bakover, fagleders, er en merknad med mindre --all tegner hver"
               " av dem. Ordene er på språket du velger (--lang)." + _EX
               + "  rto diagram > reisen.mmd\n  rto diagram --format svg -o reisen.svg\n"
               "  rto --lang en diagram --all --format png -o journey.png",
    "diagram --format": "Mermaid- eller DOT-tekst; SVG og PNG trenger Graphviz (`dot`).",
    "diagram --all": "Hvert steg som en egen pil, også faglederes korrigeringer tilbake til tidligere steg.",
    "household": "Husstander: menneskene en sak handler om." + _EX
                 + "  rto household add --name \"Familien Berg\" --unit \"Rovik 12 H0201\"\n"
                 "  rto household member add 1 --name \"Kari Berg\" --born 1988-04-02\n  rto household show 1",
    "household add": "Registrer en husstand; skriver nummeret. Registrer så medlemmene (household member add):"
                     " fra da av kommer voksne, barn og barnas alder fra fødselsdatoene." + _EX
                     + "  rto household add --name \"Familien Berg\" --unit \"Storgata 5 H0201\" \\\n"
                     "      --email berg@example.no --email-consent --language nn",
    "household add --name": "Hva husstanden kalles, f.eks. «Familien Berg».",
    "household add --email": "E-postadresse for kontakt.",
    "household add --email-consent": "Samtykker til e-post (standard: nei).",
    "household add --adults": "Voksne i husstanden (til medlemmene er registrert).",
    "household add --children": "Barn under 18 (likeså).",
    "household add --child-ages": "Barnas alder, f.eks. 3,8,14 (for levekostnadene).",
    "household add --unit": "Den kommunale utleieboligen de bor i (ingen: en søker).",
    "household add --nin": "En voksens fødselsnummer eller D-nummer (kan gjentas; lagres, vises maskert).",
    "household add --language": "Språket i husstandens brev (standard: det konfigurerte).",
    "household export": "Alt som er lagret om en husstand, for innsynsretten (GDPR art. 15): medlemmer, saker,"
                        " opplysninger, historikk, vedtak, dokumenter, meldingene om den og hvem som har sett den,"
                        " som JSON og som en lesbar HTML-side (på språket i --lang). Fødselsnumrene vises i sin helhet:"
                        " det er husstandens egen kopi, så filene skrives lesbare bare for eieren; gi dem ved personlig"
                        " oppmøte eller med sikker digital post. Eksporten registreres i tilgangsloggen. En fagleder,"
                        " eller saksbehandleren for en av husstandens saker." + _EX
                        + "  rto --as siri household export 3 -o innsyn-3\n"
                        "  rto --as siri --lang en household export 3 --format html -o access-3.html",
    "household export --format": "Bare denne formen [standard: JSON på stdout; med -o begge, FIL.json og"
                                 " FIL.html].",
    "household show": "Vis en husstand, medlemmene, sakene og fødselsnumrene maskert." + _EX
                      + "  rto household show 3",
    "household find": "Finn husstandene som har et fødselsnummer (ved den nøklede hashen: numrene lagres"
                      " kryptert)." + _EX + "  rto household find --nin 15058545678",
    "household find --nin": "Fødselsnummeret eller D-nummeret du leter etter.",
    "household member": "Menneskene i en husstand: hver med navn og fødselsdato, voksne med fødselsnummer." + _EX
                        + "  rto household member add 3 --name \"Kari Berg\" --born 1988-04-02 --nin 02048812345\n"
                        "  rto household member add 3 --name \"Per Berg\" --born 1986-11-20 --co-applicant\n"
                        "  rto household member add 3 --name \"Emma Berg\" --born 2019-06-14\n"
                        "  rto household member list 3",
    "household member add": "Registrer en person i husstanden; skriver medlemsnummeret. Den første voksne er"
                            " søkeren." + _EX + "  rto household member add 3 --name \"Kari Berg\" --born"
                            " 1988-04-02",
    "household member add --name": "Personens fulle navn.",
    "household member add --born": "Fødselsdatoen (alder for levekostnadene).",
    "household member add --nin": "En voksens fødselsnummer eller D-nummer (lagres, vises maskert).",
    "household member add --co-applicant": "Søker sammen med søkeren (en voksen).",
    "household member list": "Husstandens medlemmer, med alderen i dag." + _EX + "  rto household member list 3",
    "household member remove": "Ta en person ut av husstanden; historikken husker hvem det var." + _EX
                               + "  rto household member remove 3 14 --reason \"Flyttet ut 1. mars\"",
    "household member remove --reason": "Hvorfor (flyttet ut, registrert ved en feil ...).",
    "outbox": "Utboksen: påminnelser som venter på å bli sendt, er sendt eller feilet." + _EX
              + "  rto --as siri outbox list --status failed",
    "outbox list": "Meldingene i utboksen, nyeste først (fagledere, administratorer og systemkontoen)." + _EX
                   + "  rto --as siri outbox list --status failed",
    "outbox list --status": "Bare meldinger med denne statusen.",
    "outbox send": "Lever det som forfaller nå: med SMTP når det er satt opp, ellers i e-postmappen (fagledere,"
                   " administratorer og systemkontoen)." + _EX + "  rto outbox send --json",
    "policy": "Policyen: renter, minstesatser, gebyrer, budsjetter og terskler, hver med dagen den gjelder fra og"
              " kilden." + _EX + "  rto policy show\n  rto policy check",
    "policy show": "Tallene som gjelder en dag, hvert med dagen det gjelder fra og hvor det kommer fra." + _EX
                   + "  rto policy show --on 2026-03-02\n  rto --json policy show",
    "policy show --on": "Tallene som gjelder denne dagen (ÅÅÅÅ-MM-DD; standard i dag).",
    "policy check": "Hvilke tidsbundne tall (styringsrenten, årlige minstesatser, gebyrer og budsjetter) som er"
                    " eldre enn policyen tillater. Den daglige gjennomgangen sender samme varsel til"
                    " administratorene én gang i uken." + _EX + "  rto policy check --json",
    "report": "Faglederrapporten: husstander som har flyttet inn, trakten, tid i hver status, utfall, saker som"
              " står stille, saksmengde (fagledere og administratorer)." + _EX
              + "  rto --as siri report --year 2026\n  rto --as siri report --format html -o rapport.html",
    "report --year": "Husstandene, utfallene og trakten for ett år.",
    "report --format": "Hvordan den skrives.",
    "review": "Gjennomganger: finn saker som står stille, 9- og 12-månedershorisonten, finansieringsbevis som"
              " utløper, oppfølging og husstander som skal vurderes på nytt, og legg påminnelser i kø." + _EX
              + "  rto --as siri review run --dry-run",
    "review run": "Én gjennomgang; lister hver påminnelse den la i kø (sak, type, til). Fagledere,"
                  " administratorer og systemkontoen.\n\nÅ kjøre den to ganger legger ingenting i kø to ganger."
                  " Planleggeren kjører den hver virkedag." + _EX
                  + "  rto --as siri review run --as-of 2026-12-01 --json",
    "review run --as-of": "Gjennomgang per denne dagen (ÅÅÅÅ-MM-DD; standard i dag).",
    "review run --dry-run": "Vis hva som ville blitt lagt i kø; legg ingenting i kø.",
    "scheduler": "Planleggeren: den daglige gjennomgangen på virkedager, og utsending hvert minutt." + _EX
                 + "  rto scheduler run",
    "scheduler run": "Kjør planleggeren til den stoppes (SIGTERM eller Ctrl-C), som systemkonto (eller fagleder"
                     " eller administrator). Bare én virker per database; en annen venter." + _EX
                     + "  rto scheduler run --once",
    "scheduler run --once": "Kjør hver jobb én gang og avslutt.",
    "init": "Opprett eller oppgrader databasen; første gang registreres den første administratoren." + _EX
            + "  rto init --admin kari --name \"Kari Nordmann\" --email kari@sandnes.kommune.no",
    "init --admin": "Den første administratorens brukerident (standard, og med identitetskildene os og database"
                    " den eneste tillatte: den som handler).",
    "init --name": "Den første administratorens fulle navn.",
    "init --email": "Den første administratorens e-postadresse.",
    "shell": "En ledetekst der hver linje er en rto-kommando (uten `rto`); Tab fullfører, `help` lister"
             " kommandoene, `exit` eller Ctrl-D avslutter.\n\nDe globale valgene gitt til `rto shell` gjelder for"
             " hver linje; en linje kan gi sine egne." + _EX
             + "  rto --as ola shell\n  rto> case list --stalled\n  rto> case advance 12 motivert",
    "staff": "Ansatte: saksbehandlere, fagledere og administratorer." + _EX
             + "  rto --as kari staff add ola --name \"Ola Hansen\" --email ola@sandnes.kommune.no --role"
             " caseworker\n  rto staff list",
    "staff add": "Registrer en ansatt (bare administratorer)." + _EX
                 + "  rto staff add ola --name \"Ola Hansen\" --email ola@sandnes.kommune.no --role caseworker",
    "staff add --name": "Fullt navn.",
    "staff add --email": "E-postadresse (påminnelser går hit).",
    "staff add --role": "caseworker (saksbehandler), supervisor (fagleder), admin (administrator) eller system"
                        " (tjenestekontoen som kjører planleggeren).",
    "staff list": "List de ansatte." + _EX + "  rto staff list --json",
    "staff deactivate": "Deaktiver en ansatt: hun eller han kan ikke lenger handle (bare administratorer)." + _EX
                        + "  rto staff deactivate ola",
    "staff activate": "Aktiver en deaktivert ansatt igjen (bare administratorer)." + _EX
                      + "  rto staff activate ola",
    # --- the overview and retention (merged from main) ---
    "household import": "Importer leietakerregisteret (CSV, `,` eller `;`, UTF-8): alle rader eller ingen. En husstand"
        " kjennes på registerets id: nye id-er registreres, endrede rader oppdateres (hver endring i"
        " husstandens historikk), husstander som mangler i filen, meldes, men slettes"
        " aldri.\n\n\b\nKolonner: external_id, name, email, unit, adults, children_ages (f.eks. \"4 9\"), nin,"
        " income_monthly,\nincome_predictable, debt_monthly, fixed_costs_monthly, equity, tenant_since."
        + _EX + "  rto household import leietakere.csv --dry-run\n"
    "  rto household import kobo.csv --map Leieforhold=external_id --map Navn=name",
    "household import --dry-run": "Kontroller filen og si hva som ville endret seg; skriv ingenting.",
    "household import --map": "Les registerets egen kolonne KOLONNE som FELT (kan gjentas), f.eks. --map"
        " Leietaker-ID=external_id.",
    "household list": "Husstandene i registeret, med kjøpekraften på dagens tall."
        + _EX + "  rto household list --prospects\n  rto household list --due --csv > til-vurdering.csv",
    "household list --prospects": "Bare de som med dagens tall har kjøpekraft til en bolig.",
    "household list --due": "Bare de som aldri er vurdert, eller ble vurdert lenger siden enn policyen sier.",
    "household list --csv": "Som CSV.",
    "household assess": "Regn ut husstandens kjøpekraft på de siste tallene, slik Husbankens kalkulator gjør, og"
        " registrer den: det som blir igjen til bolig, lånet det bærer til stressrenten, høyeste pris og"
        " prisen på en bolig som passer husstanden."
        + _EX + "  rto household assess 12",
    "household contact": "Registrer kontakt med en husstand uten å åpne en sak (en interessert husstands sak"
    " knyttes til"
        " den)."
        + _EX + "  rto household contact 12 --outcome invited --note \"Brev og telefon\"",
    "household contact --outcome": "Hva det ble til.",
    "household contact --note": "Hva som ble sagt.",
    "household figures": "Registrer husstandens egne tall (datert): income_monthly, income_predictable, debt_monthly,"
        " fixed_costs_monthly, equity. En sak som åpnes senere, starter med dem."
        + _EX + "  rto household figures 12 income_monthly=48000 income_predictable=ja equity=50000",
    "retention": "Lagringstid: slett personopplysningene om husstander der siste sak ble avsluttet lenger siden"
        " enn policyens retention_years, og behold statistikken og historikkens kontrollerbarhet."
        + _EX + "  rto --as adm retention run --dry-run",
    "retention run": "Slett navn, kontaktopplysninger, fødselsnumre, fritekst og tall for hver husstand som har"
        " passert lagringstiden (administratorer og systemkontoen). Hver sletting registreres, bare med"
        " antall, i husstandens og sakenes historikk; `rto audit verify` består etterpå. Kan ikke"
        " angres: prøv --dry-run."
        + _EX + "  rto --as adm --json retention run --dry-run",
    "retention run --dry-run": "List husstandene som ville blitt slettet; endre ingenting.",
}
