"""Every command's and option's help in nynorsk, by the same keys as commands/help_nb.py."""

from __future__ import annotations

_EX = "\n\n\b\nDøme:\n"

HELP_NN: dict[str, str] = {
    "rto": "rto: frå leige til eige. Hjelp hushald i kommunal utleigebustad å kjøpe eigen bustad.\n\n"
           "Ein sakshandsamar opnar ei sak for eit hushald, registrerer det ho får vite, og fører saka gjennom"
           " reisa: kartlagd, motivert, finansiert, bustadsøk, bodgjeving, kontrakt, innflytta. Kvart steg"
           " vert avvist, med det som manglar, til vilkåra held; kvar endring vert teken vare på i historikken"
           " til saka.\n\n"
           "\b\nStart:  rto init --admin kari --name \"Kari Nordmann\" --email kari@kommune.no\n"
           "Så:     rto staff add ola --name \"Ola Hansen\" --email ola@kommune.no --role caseworker\n"
           "        rto --as ola household add --name \"Familien Berg\" --adults 2 --children 1\n"
           "        rto --as ola case open 1\n"
           "        rto --as ola case show 1\n\n"
           "Globale val kan òg stå etter kommandoen (rto case show 1 --json).\n\n"
           "\b\nAvslutningskodar: 0 utført, 2 ugyldige inndata, 3 avvist av reglane, 4 ikkje funne,\n"
           "5 ikkje tillate, 6 konflikt (prøv igjen), 7 historikken er endra, 1 intern feil.",
    "--db": "SQLAlchemy-URL [miljø RTO_DATABASE_URL; standard: SQLite i datamappa til brukaren].",
    "--as": "Kven som handlar [miljø RTO_USER; standard: innlogginga på maskina].",
    "--config": "TOML-fil med policy og innstillingar [miljø RTO_CONFIG].",
    "--json": "Skriv eitt JSON-dokument på stdout.",
    "--lang": "Språk: nb bokmål, nn nynorsk, en engelsk [miljø RTO_LANGUAGE; standard nb].",
    "--debug": "Vis sporinga ved ein intern feil.",
    "--version": "Vis versjonen og avslutt.",
    "--help": "Vis denne hjelpa og avslutt.",
    "--output": "Skriv til denne fila.",
    "--expect-version": "Avvis (kode 6) om saka ikkje lenger har versjon N, slik du sist såg henne.",
    # --- audit ---
    "audit": "Revisjon: kontroller og forsegl historikken til sakene.\n\n"
             "Ei forsegling signerer eit sjekkpunkt av all historikk; verify med --public-key kontrollerer mot"
             " kvar forsegling." + _EX + "  rto --as kari audit verify\n  rto --as kari audit seal\n"
             "  rto --as kari audit verify --public-key /etc/rto/audit.pub",
    "audit verify": "Kontroller historikken til kvar sak: kode 0 når han er intakt, 7 med den første endra"
                    " hendinga. Med --public-key òg mot kvart forsegla sjekkpunkt: ein avkorta eller omskriven"
                    " historikk, ei sletta eller innsett sak, ei tilbakedatert hending eller eit forfalska"
                    " sjekkpunkt gjev kode 7 og vert nemnt." + _EX + "  rto --as kari audit verify\n"
                    "  rto --as kari audit verify --checkpoints /var/lib/rto/checkpoints.jsonl"
                    " --public-key /etc/rto/audit.pub",
    "audit verify --public-key": "Kontroller historikken òg mot dei forsegla sjekkpunkta, med denne nøkkelen.",
    "audit verify --checkpoints": "Sjekkpunktfila [standard: [audit] checkpoints, RTO_AUDIT_CHECKPOINTS].",
    "audit keygen": "Lag eit Ed25519-nøkkelpar for å forsegle sjekkpunkt. Den private nøkkelen ligg der `rto"
                    " audit seal` køyrer ([audit] signing_key), den offentlege hos dei som kontrollerer. Treng"
                    " ingen database." + _EX
                    + "  rto audit keygen --private /etc/rto/audit.key --public /etc/rto/audit.pub",
    "audit keygen --private": "Kvar signeringsnøkkelen vert skriven (0600; aldri over ei fil som finst).",
    "audit keygen --public": "Kvar den offentlege nøkkelen vert skriven: den `audit verify --public-key` brukar.",
    "audit seal": "Signer eit sjekkpunkt av all historikk (lengda og hovudet til kvar sak, under éi Merkle-rot)"
                  " med signeringsnøkkelen ([audit] signing_key), legg det til sjekkpunktfila ([audit]"
                  " checkpoints), og legg ein kopi til fagleiarane i utboksen. Ingenting vert forsegla over ein"
                  " historikk eit tidlegare sjekkpunkt viser er avkorta eller sletta: kode 7." + _EX
                  + "  rto --as kari audit seal\n"
                  "  RTO_AUDIT_SIGNING_KEY=/etc/rto/audit.key rto --as rto --json audit seal",
    "audit access": "Kven som har sett ei sak (vist, historikk, eksport), eller kva ein tilsett har sett, nyaste"
                    " først (fagleiarar og administratorar)." + _EX + "  rto --as kari audit access 12\n"
                    "  rto --as kari audit access --by ola --since 2026-01-01",
    "audit access --by": "Det denne tilsette har sett.",
    "audit access --since": "Berre frå denne dagen (ÅÅÅÅ-MM-DD).",
    "audit export": "All historikk i eit datoområde som JSON-liner, for arkivering: kvar line har den nøyaktige"
                    " teksten og hashane ho vart skriven med, så arkivet kan kontrollerast seinare (fagleiarar og"
                    " administratorar). Kvar sak som vert eksportert, vert registrert i tilgangsloggen." + _EX
                    + "  rto --as kari audit export --from 2026-01-01 --to 2026-12-31 -o historikk-2026.jsonl",
    "audit export --from": "Frå denne dagen (ÅÅÅÅ-MM-DD; standard: byrjinga).",
    "audit export --to": "Til og med denne dagen (standard: i dag).",
    # --- case ---
    "case": "Saker: vegen til eitt hushald frå å leige til å eige." + _EX + "  rto case open 1\n"
            "  rto case set 1 consent=ja income_monthly=52000 income_predictable=ja plan_agreed=ja\n"
            "  rto case advance 1 motivert",
    "case open": "Opne ei sak for eit hushald; ho startar som «kartlagd». Skriv saksnummeret." + _EX
                 + "  rto case open 3 --caseworker ola",
    "case open --caseworker": "Kven som har saka (standard: du; andre: fagleiarar).",
    "case show": "Vis ei sak: opplysningane, betalingsevna og det som hindrar kvart neste steg." + _EX
                 + "  rto case show 12 --json",
    "case list": "List saker, nyaste først (ein sakshandsamar ser sine eigne)." + _EX
                 + "  rto case list --state bustadsøk\n  rto case list --stalled",
    "case list --state": "Berre saker med denne statusen (kode eller norsk namn).",
    "case list --caseworker": "Berre sakene til denne sakshandsamaren (fagleiarar).",
    "case list --as-of": "Med --stalled: slik det var denne dagen (ÅÅÅÅ-MM-DD; standard i dag).",
    "case list --stalled": "Berre saker utan aktivitet lenger enn statusen tillèt.",
    "case set": "Registrer opplysningar. Alle vert kontrollerte først; éin ugyldig verdi, og ingenting vert"
                " skrive.\n\nBeløp i heile kroner, datoar ÅÅÅÅ-MM-DD, ja/nei-opplysningar ja eller nei, renter i"
                " prosent (5.2). Ein tom verdi (NØKKEL=) fjernar ei opplysning. Opplysningar: consent"
                " income_monthly income_predictable debt_monthly fixed_costs_monthly childcare_monthly plan_agreed"
                " loan_amount grant_amount equity certificate_issued certificate_expires loan_rate loan_years"
                " term_reason repayment bank_loan_amount bank_loan_rate bank_loan_years startskudd_ref property"
                " property_type asking_price common_costs_monthly electricity_monthly insurance_monthly"
                " municipal_fees_monthly maintenance_monthly property_approved bid_amount bid_result"
                " purchase_price contract_date takeover_date tenancy_ended; og for hushaldet: adults children"
                " child_ages (til medlemmene er registrerte) municipal_unit email email_consent." + _EX
                + "  rto case set 12 income_monthly=52000 income_predictable=ja debt_monthly=0",
    "case note": "Skriv eit notat i historikken til saka." + _EX
                 + "  rto case note 12 \"Visning i Storgata 5 laurdag; hushaldet er positivt.\"",
    "case advance": "Flytt ei sak til STATUS; vert avvist (kode 3) med kvart vilkår som ikkje held.\n\n"
                    "STATUS er ein av: kartlagd motivert finansiert bustadsøk bodgjeving kontrakt innflytta (eller"
                    " bokmålsnamna, eller kodane screened ... moved_in). «På vent» og «avslutta» har eigne"
                    " kommandoar; eit steg bakover er fagleiaren sitt, med --reason." + _EX
                    + "  rto case advance 12 motivert\n"
                    "  rto --as kari case advance 12 finansiert --override --reason \"Lånet er innvilga av"
                    " Husbanken\"",
    "case advance --reason": "Kvifor (trengst ved overstyring og ved korrigering bakover).",
    "case advance --override": "Fagleiarar: ta eit steg ein annan vart avvist på.",
    "case pause": "Set ei sak på vent; `resume` fører henne tilbake dit ho var." + _EX
                  + "  rto case pause 12 --reason \"Fødsel i familien; tek opp att i mars\"",
    "case pause --reason": "Kvifor saka ventar (ei livshending).",
    "case resume": "Ta opp att ei sak på vent, med statusen ho hadde." + _EX + "  rto case resume 12",
    "case close": "Avslutt ei sak utan kjøp, med ein utfallskode og ei grunngiving." + _EX
                  + "  rto case close 12 --outcome private_rental --reason \"Fann leilegheit på den private"
                  " marknaden\"",
    "case close --outcome": "Kvifor hushaldet gjekk ut av programmet.",
    "case close --reason": "Med ord.",
    "case reopen": "Opne att ei avslutta sak som «kartlagd» (fagleiarar)." + _EX
                   + "  rto --as kari case reopen 12 --reason \"Ny jobb med fast inntekt\"",
    "case reopen --reason": "Kvifor saka vert teken opp att.",
    "case continue": "Avgjer at arbeidet med ei sak held fram etter 12-månadershorisonten (fagleiarar), med ei"
                     " grunngiving." + _EX + "  rto --as siri case continue 12 --reason \"Bodrunde pågår;"
                     " finansieringsbevis forlengt til mars\"",
    "case continue --reason": "Kvifor arbeidet held fram etter 12-månadershorisonten.",
    "case assign": "Gje ei sak til ein annan sakshandsamar (fagleiarar)." + _EX + "  rto --as kari case assign 12 ola",
    "case history": "Historikken til saka, eldste først: kven gjorde kva, når, før og etter." + _EX
                    + "  rto case history 12 --csv > sak-12.csv",
    "case history --csv": "CSV på stdout, éi hending per rad.",
    "case docs": "Dokumenta i saka: kvart dokument på sjekklista (per vaksen der kvar leverer eitt), steget som"
                 " treng det, og om det er motteke, fråfalle eller manglar." + _EX + "  rto case docs 12",
    "case doc": "Registrer eit dokument som motteke (med arkivreferanse), fråfalle (fagleiaren sitt, med"
                " grunngiving) eller manglande att. rto tek vare på referansen, aldri dokumentet." + _EX
                + "  rto case doc 12 tax_return received --member 31 --ref \"2026/1432-7\"\n"
                "  rto case doc 12 payslips waived --member 32 --reason \"Uføretrygd: vedtak frå NAV ligg i"
                " saka\"",
    "case doc --member": "Kven dokumentet gjeld, der kvar vaksen leverer eitt.",
    "case doc --ref": "Referansen til dokumentet i arkivet til kommunen.",
    "case doc --reason": "Kvifor det vert fråfalle (fagleiarar), eller manglar att.",
    # --- decision ---
    "decision": "Vedtak om individuell bistand (enkeltvedtak etter bustadsosiallova): ein sakshandsamar gjer"
                " framlegg, ein annan fagleiar enn den som gjorde framlegget, godkjenner eller avviser, og hushaldet"
                " får eit brev." + _EX + "  rto --as ola decision propose 12 --kind help_granted --content"
                " \"Rettleiing ...\" --reason \"...\"\n  rto --as siri decision approve 4\n"
                "  rto --as ola decision letter 4 --format pdf -o vedtak-4.pdf",
    "decision propose": "Gjer framlegg om eit vedtak i saka di; skriv nummeret på vedtaket. Ein annan fagleiar"
                        " enn du avgjer det." + _EX + "  rto decision propose 12 --kind help_granted --reason"
                        " \"Stabil inntekt, kan betene eit startlån ...\"",
    "decision propose --kind": "Kva som vert vedteke.",
    "decision propose --reason": "Grunngivinga (forvaltningslova §§ 24-25): faktum og omsyna vedtaket byggjer på.",
    "decision propose --content": "Hovudinnhaldet i bistanden (bustadsosiallova § 7); standard: skildringa i"
                                  " brevet av bistanden i programmet.",
    "decision approve": "Godkjenn eit føreslått vedtak (ein annan fagleiar enn den som gjorde framlegget)."
                        " Sakshandsamaren får melding om at brevet er klart." + _EX
                        + "  rto --as siri decision approve 4",
    "decision approve --note": "Ein merknad til godkjenninga.",
    "decision reject": "Avvis eit føreslått vedtak (ein annan fagleiar enn den som gjorde framlegget), med ei"
                       " grunngiving." + _EX + "  rto --as siri decision reject 4 --reason \"Inntekta er ikkje"
                       " dokumentert\"",
    "decision reject --reason": "Kvifor; sakshandsamaren kan gjere nytt framlegg.",
    "decision list": "Vedtaka i ei sak, eller i alle saker du kan sjå, nyaste først." + _EX
                     + "  rto decision list 12",
    "decision show": "Eitt vedtak: kva det gjeld, innhald og grunngiving, kven som gjorde framlegg og kven som"
                     " avgjorde." + _EX + "  rto decision show 4",
    "decision letter": "Vedtaksbrevet til hushaldet, som PDF eller HTML. Det har personopplysningar: skriv det"
                       " ut eller send det med sikker digital post, aldri med vanleg e-post." + _EX
                       + "  rto decision letter 4 --format pdf -o vedtak-4.pdf\n"
                       "  rto decision letter 4 --format html --language nn -o vedtak-4.html",
    "decision letter --format": "PDF eller HTML.",
    "decision letter --language": "Språket i brevet (standard: språket til hushaldet).",
    # --- the rest ---
    "demo": "Sjå heile produktet i arbeid: ein database til eingongsbruk, hushald som kjem over månadene, og"
            " kvar sak ført gjennom reisa av dei ekte tenestene, med ei falsk klokke ein dag om gongen.\n\n"
            "Hushald vert kartlagde, finansierte (eller avviste på betalingsevne, nokre overstyrte av ein"
            " fagleiar), søkjer, tapar bod og byd att, vert sette på vent, står stille, vert avslutta eller"
            " flyttar inn. Kvar yrkedag legg den ekte gjennomgangen påminningar i kø, og utboksen leverer dei i"
            " ei e-postmappe. Éi line per simulert månad, så fagleiarrapporten, og kvar databasen, e-postmappa og"
            " HTML-rapporten ligg. Ingenting utanfor mappa til demoen vert rørt." + _EX
            + "  rto demo\n  rto demo --seed 3 --months 12 --households 25 --dir /tmp/rto-demo",
    "demo --seed": "Same frø fortel same historie.",
    "demo --months": "Månader å simulere.",
    "demo --households": "Hushald som kjem i løpet av dei første månadene.",
    "demo --dir": "Kvar databasen, e-postmappa og rapporten vert lagde [standard: ei ny mellombels mappe].",
    "diagram": "Teikn reisa: Mermaid, DOT, SVG eller PNG.\n\n"
               "Statusane og stega mellom dei, teikna frå den same definisjonen motoren køyrer; treng ingen"
               " database. Mermaid-tekst (standard) vert vist på GitHub og i mange redigeringsprogram; SVG og PNG"
               " treng Graphviz (`dot`). Korrigeringane bakover, fagleiaren sine, er ein merknad med mindre --all"
               " teiknar kvar av dei. Orda er på språket du vel (--lang)." + _EX
               + "  rto diagram > reisa.mmd\n  rto diagram --format svg -o reisa.svg\n"
               "  rto --lang en diagram --all --format png -o journey.png",
    "diagram --format": "Mermaid- eller DOT-tekst; SVG og PNG treng Graphviz (`dot`).",
    "diagram --all": "Kvart steg som ei eiga pil, òg korrigeringane til fagleiarane tilbake til tidlegare steg.",
    "household": "Hushald: menneska ei sak handlar om." + _EX
                 + "  rto household add --name \"Familien Berg\" --unit \"Rovik 12 H0201\"\n"
                 "  rto household member add 1 --name \"Kari Berg\" --born 1988-04-02\n  rto household show 1",
    "household add": "Registrer eit hushald; skriv nummeret. Registrer så medlemmene (household member add): frå"
                     " då av kjem vaksne, born og alderen til borna frå fødselsdatoane." + _EX
                     + "  rto household add --name \"Familien Berg\" --unit \"Storgata 5 H0201\" \\\n"
                     "      --email berg@example.no --email-consent --language nn",
    "household add --name": "Kva hushaldet vert kalla, t.d. «Familien Berg».",
    "household add --email": "E-postadresse for kontakt.",
    "household add --email-consent": "Samtykkjer til e-post (standard: nei).",
    "household add --adults": "Vaksne i hushaldet (til medlemmene er registrerte).",
    "household add --children": "Born under 18 (likeeins).",
    "household add --child-ages": "Alderen til borna, t.d. 3,8,14 (for levekostnadene).",
    "household add --unit": "Den kommunale utleigebustaden dei bur i (ingen: ein søkjar).",
    "household add --nin": "Fødselsnummeret eller D-nummeret til ein vaksen (kan gjentakast; vert lagra, vist"
                           " maskert).",
    "household add --language": "Språket i breva til hushaldet (standard: det konfigurerte).",
    "household export": "Alt som er lagra om eit hushald, for innsynsretten (GDPR art. 15): medlemmer, saker,"
                        " opplysningar, historikk, vedtak, dokument, meldingane om det og kven som har sett det, som"
                        " JSON og som ei lesbar HTML-side (på språket i --lang). Fødselsnummera vert viste i heilskap:"
                        " det er den eigne kopien til hushaldet, så filene vert skrivne lesbare berre for eigaren; gje"
                        " dei ved personleg oppmøte eller med sikker digital post. Eksporten vert registrert i"
                        " tilgangsloggen. Ein fagleiar, eller sakshandsamaren for ei av sakene til hushaldet." + _EX
                        + "  rto --as siri household export 3 -o innsyn-3\n"
                        "  rto --as siri --lang en household export 3 --format html -o access-3.html",
    "household export --format": "Berre denne forma [standard: JSON på stdout; med -o begge, FIL.json og"
                                 " FIL.html].",
    "household show": "Vis eit hushald, medlemmene, sakene og fødselsnummera maskerte." + _EX
                      + "  rto household show 3",
    "household find": "Finn hushalda som har eit fødselsnummer (ved den nøkla hashen: nummera vert lagra"
                      " krypterte)." + _EX + "  rto household find --nin 15058545678",
    "household find --nin": "Fødselsnummeret eller D-nummeret du leitar etter.",
    "household member": "Menneska i eit hushald: kvar med namn og fødselsdato, vaksne med fødselsnummer." + _EX
                        + "  rto household member add 3 --name \"Kari Berg\" --born 1988-04-02 --nin 02048812345\n"
                        "  rto household member add 3 --name \"Per Berg\" --born 1986-11-20 --co-applicant\n"
                        "  rto household member add 3 --name \"Emma Berg\" --born 2019-06-14\n"
                        "  rto household member list 3",
    "household member add": "Registrer ein person i hushaldet; skriv medlemsnummeret. Den første vaksne er"
                            " søkjaren." + _EX + "  rto household member add 3 --name \"Kari Berg\" --born"
                            " 1988-04-02",
    "household member add --name": "Fullt namn på personen.",
    "household member add --born": "Fødselsdatoen (alder for levekostnadene).",
    "household member add --nin": "Fødselsnummeret eller D-nummeret til ein vaksen (vert lagra, vist maskert).",
    "household member add --co-applicant": "Søkjer saman med søkjaren (ein vaksen).",
    "household member list": "Medlemmene i hushaldet, med alderen i dag." + _EX + "  rto household member list 3",
    "household member remove": "Ta ein person ut av hushaldet; historikken hugsar kven det var." + _EX
                               + "  rto household member remove 3 14 --reason \"Flytta ut 1. mars\"",
    "household member remove --reason": "Kvifor (flytta ut, registrert ved ein feil ...).",
    "outbox": "Utboksen: påminningar som ventar på å verte sende, er sende eller feila." + _EX
              + "  rto --as siri outbox list --status failed",
    "outbox list": "Meldingane i utboksen, nyaste først (fagleiarar, administratorar og systemkontoen)." + _EX
                   + "  rto --as siri outbox list --status failed",
    "outbox list --status": "Berre meldingar med denne statusen.",
    "outbox send": "Lever det som forfell no: med SMTP når det er sett opp, elles i e-postmappa (fagleiarar,"
                   " administratorar og systemkontoen)." + _EX + "  rto outbox send --json",
    "policy": "Policyen: renter, minstesatsar, gebyr, budsjett og tersklar, kvar med dagen han gjeld frå og"
              " kjelda." + _EX + "  rto policy show\n  rto policy check",
    "policy show": "Tala som gjeld ein dag, kvart med dagen det gjeld frå og kvar det kjem frå." + _EX
                   + "  rto policy show --on 2026-03-02\n  rto --json policy show",
    "policy show --on": "Tala som gjeld denne dagen (ÅÅÅÅ-MM-DD; standard i dag).",
    "policy check": "Kva tidsbundne tal (styringsrenta, årlege minstesatsar, gebyr og budsjett) som er eldre enn"
                    " policyen tillèt. Den daglege gjennomgangen sender same varsel til administratorane éin gong"
                    " i veka." + _EX + "  rto policy check --json",
    "report": "Fagleiarrapporten: hushald som har flytta inn, trakta, tid i kvar status, utfall, saker som står"
              " stille, saksmengd (fagleiarar og administratorar)." + _EX
              + "  rto --as siri report --year 2026\n  rto --as siri report --format html -o rapport.html",
    "report --year": "Hushalda, utfalla og trakta for eitt år.",
    "report --format": "Korleis han vert skriven.",
    "review": "Gjennomgangar: finn saker som står stille, 9- og 12-månadershorisonten, finansieringsbevis som går"
              " ut, oppfølging og hushald som skal vurderast på nytt, og legg påminningar i kø." + _EX
              + "  rto --as siri review run --dry-run",
    "review run": "Éin gjennomgang; listar kvar påminning han la i kø (sak, type, til). Fagleiarar,"
                  " administratorar og systemkontoen.\n\nÅ køyre han to gonger legg ingenting i kø to gonger."
                  " Planleggjaren køyrer han kvar yrkedag." + _EX
                  + "  rto --as siri review run --as-of 2026-12-01 --json",
    "review run --as-of": "Gjennomgang per denne dagen (ÅÅÅÅ-MM-DD; standard i dag).",
    "review run --dry-run": "Vis kva som ville vorte lagt i kø; legg ingenting i kø.",
    "scheduler": "Planleggjaren: den daglege gjennomgangen på yrkedagar, og utsending kvart minutt." + _EX
                 + "  rto scheduler run",
    "scheduler run": "Køyr planleggjaren til han vert stoppa (SIGTERM eller Ctrl-C), som systemkonto (eller"
                     " fagleiar eller administrator). Berre éin verkar per database; ein annan ventar." + _EX
                     + "  rto scheduler run --once",
    "scheduler run --once": "Køyr kvar jobb éin gong og avslutt.",
    "init": "Opprett eller oppgrader databasen; første gongen vert den første administratoren registrert." + _EX
            + "  rto init --admin kari --name \"Kari Nordmann\" --email kari@sandnes.kommune.no",
    "init --admin": "Brukaridenten til den første administratoren (standard, og med identitetskjeldene os og"
                    " database den einaste tillatne: den som handlar).",
    "init --name": "Fullt namn på den første administratoren.",
    "init --email": "E-postadressa til den første administratoren.",
    "shell": "Ein ledetekst der kvar line er ein rto-kommando (utan `rto`); Tab fullfører, `help` listar"
             " kommandoane, `exit` eller Ctrl-D avsluttar.\n\nDei globale vala gjevne til `rto shell` gjeld for"
             " kvar line; ei line kan gje sine eigne." + _EX
             + "  rto --as ola shell\n  rto> case list --stalled\n  rto> case advance 12 motivert",
    "staff": "Tilsette: sakshandsamarar, fagleiarar og administratorar." + _EX
             + "  rto --as kari staff add ola --name \"Ola Hansen\" --email ola@sandnes.kommune.no --role"
             " caseworker\n  rto staff list",
    "staff add": "Registrer ein tilsett (berre administratorar)." + _EX
                 + "  rto staff add ola --name \"Ola Hansen\" --email ola@sandnes.kommune.no --role caseworker",
    "staff add --name": "Fullt namn.",
    "staff add --email": "E-postadresse (påminningar går hit).",
    "staff add --role": "caseworker (sakshandsamar), supervisor (fagleiar), admin (administrator) eller system"
                        " (tenestekontoen som køyrer planleggjaren).",
    "staff list": "List dei tilsette." + _EX + "  rto staff list --json",
    "staff deactivate": "Deaktiver ein tilsett: ho eller han kan ikkje lenger handle (berre administratorar)."
                        + _EX + "  rto staff deactivate ola",
    "staff activate": "Aktiver ein deaktivert tilsett att (berre administratorar)." + _EX
                      + "  rto staff activate ola",
    # --- the overview and retention (merged from main) ---
    "household import": "Importer leigetakarregisteret (CSV, `,` eller `;`, UTF-8): alle rader eller ingen. Eit hushald"
        " vert kjent att på id-en i registeret: nye id-ar vert registrerte, endra rader oppdaterte (kvar"
        " endring i historikken til hushaldet), hushald som manglar i fila, vert melde, men aldri"
        " sletta.\n\n\b\nKolonnar: external_id, name, email, unit, adults, children_ages (t.d. \"4 9\"), nin,"
        " income_monthly,\nincome_predictable, debt_monthly, fixed_costs_monthly, equity, tenant_since."
        + _EX + "  rto household import leietakere.csv --dry-run\n"
    "  rto household import kobo.csv --map Leieforhold=external_id --map Navn=name",
    "household import --dry-run": "Kontroller fila og sei kva som ville endra seg; skriv ingenting.",
    "household import --map": "Les den eigne kolonnen KOLONNE i registeret som FELT (kan gjentakast), t.d. --map"
        " Leietaker-ID=external_id.",
    "household list": "Hushalda i registeret, med kjøpekrafta på dagens tal."
        + _EX + "  rto household list --prospects\n  rto household list --due --csv > til-vurdering.csv",
    "household list --prospects": "Berre dei som med dagens tal har kjøpekraft til ein bustad.",
    "household list --due": "Berre dei som aldri er vurderte, eller vart vurderte lenger sidan enn policyen seier.",
    "household list --csv": "Som CSV.",
    "household assess": "Rekn ut kjøpekrafta til hushaldet på dei siste tala, slik kalkulatoren til Husbanken gjer, og"
        " registrer henne: det som vert att til bustad, lånet det ber til stressrenta, høgaste pris og"
        " prisen på ein bustad som passar hushaldet."
        + _EX + "  rto household assess 12",
    "household contact": "Registrer kontakt med eit hushald utan å opne ei sak (saka til eit interessert hushald vert"
        " knytt til henne)."
        + _EX + "  rto household contact 12 --outcome invited --note \"Brev og telefon\"",
    "household contact --outcome": "Kva det vart til.",
    "household contact --note": "Kva som vart sagt.",
    "household figures": "Registrer dei eigne tala til hushaldet (daterte): income_monthly, income_predictable,"
        " debt_monthly, fixed_costs_monthly, equity. Ei sak som vert opna seinare, startar med dei."
        + _EX + "  rto household figures 12 income_monthly=48000 income_predictable=ja equity=50000",
    "retention": "Lagringstid: slett personopplysningane om hushald der siste sak vart avslutta lenger sidan enn"
        " retention_years i policyen, og hald ved lag statistikken og kontrollerbarheita til"
        " historikken."
        + _EX + "  rto --as adm retention run --dry-run",
    "retention run": "Slett namn, kontaktopplysningar, fødselsnummer, fritekst og tal for kvart hushald som har"
        " passert lagringstida (administratorar og systemkontoen). Kvar sletting vert registrert, berre"
        " med tal, i historikken til hushaldet og sakene; `rto audit verify` går gjennom etterpå. Kan"
        " ikkje gjerast om: prøv --dry-run."
        + _EX + "  rto --as adm --json retention run --dry-run",
    "retention run --dry-run": "List hushalda som ville vorte sletta; endre ingenting.",
}
