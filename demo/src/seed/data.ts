/**
 * Demo content for Nordstig, a fictional Nordic running-shoe retailer with shops in Sweden and
 * Norway. Every entry is tagged with the stages of the default `customer` journey and a search
 * intent, so the coverage matrix and the REST filters have something real to show.
 *
 * The content has holes on purpose (see DELIBERATE_GAPS below): a coverage report over perfectly
 * even demo data would show nothing worth finding. They follow the mistakes the source texts warn
 * about, such as neglecting the after-purchase phase.
 */

export type StageKey = 'awareness' | 'consideration' | 'decision' | 'usage' | 'loyalty';
export type Intent = 'informational' | 'commercial' | 'transactional' | 'navigational' | 'local';
export type DemoLocale = 'en' | 'sv' | 'nb';
export type Status = 'published' | 'draft';

export const DEMO_LOCALES: DemoLocale[] = ['en', 'sv', 'nb'];

export interface ArticleText {
  title: string;
  summary: string;
  /** Markdown; the summary stands in when absent. */
  body?: string;
  /** Published unless said otherwise. */
  status?: Status;
}

export interface GuideText {
  title: string;
  intro: string;
  steps: string[];
  status?: Status;
}

/** One document: English always, Swedish and Norwegian where the shop has translated it. */
type Texts<T> = { en: T } & Partial<Record<Exclude<DemoLocale, 'en'>, T>>;

interface Tags {
  /** Empty: an entry nobody has tagged yet, so the coverage's "untagged" count shows. */
  stages: StageKey[];
  /** null: tagged with stages, intent not chosen yet (the matrix's "none" column). */
  intent: Intent | null;
}

export interface ArticleSeed extends Tags {
  texts: Texts<ArticleText>;
}

export interface GuideSeed extends Tags {
  minutes: number;
  texts: Texts<GuideText>;
}

export type SeedEntry = ({ type: 'article' } & ArticleSeed) | ({ type: 'guide' } & GuideSeed);

export const ARTICLES: ArticleSeed[] = [
  // --- awareness ---------------------------------------------------------------------------
  {
    stages: ['awareness'],
    intent: 'informational',
    texts: {
      en: {
        title: 'Start running: a four-week plan for complete beginners',
        summary:
          'Walk-run intervals three times a week, no stopwatch anxiety. A plan that gets you from the sofa to 30 minutes of easy running in a month.',
        body: "Week 1: alternate one minute of running with two minutes of walking, eight times. Week 2: two minutes running, one minute walking. Week 3: four and one. Week 4: run ten minutes, walk two, three times over.\n\nRun slowly enough to talk. If you can't, walk for a while: that is part of the plan, not a failure.",
      },
      sv: {
        title: 'Börja springa: ett fyraveckorsschema för nybörjare',
        summary:
          'Intervaller med gång och löpning tre gånger i veckan, utan tidspress. Ett schema som tar dig från soffan till 30 minuters lugn löpning på en månad.',
        body: 'Vecka 1: växla en minuts löpning med två minuters gång, åtta gånger. Vecka 2: två minuter löpning, en minut gång. Vecka 3: fyra och en. Vecka 4: spring tio minuter, gå två, tre gånger om.\n\nSpring så långsamt att du kan prata. Går det inte, gå en stund – det är en del av schemat, inget misslyckande.',
      },
      nb: {
        title: 'Begynn å løpe: en fireukersplan for nybegynnere',
        summary:
          'Gå- og løpeintervaller tre ganger i uka, uten stoppeklokkestress. En plan som tar deg fra sofaen til 30 minutter rolig løping på en måned.',
        body: 'Uke 1: veksle mellom ett minutt løping og to minutter gange, åtte ganger. Uke 2: to minutter løping, ett minutt gange. Uke 3: fire og ett. Uke 4: løp ti minutter, gå to, tre ganger.\n\nLøp så rolig at du kan prate. Klarer du ikke det, gå litt – det er en del av planen, ikke et nederlag.',
      },
    },
  },
  {
    stages: ['awareness'],
    intent: 'informational',
    texts: {
      en: {
        title: 'Sore shins after running? Your shoes may be part of the story',
        summary:
          'Shin splints are common in new runners. We explain the usual causes – too much too soon, hard surfaces, worn-out cushioning – and when to see a physio.',
      },
      sv: {
        title: 'Ont i smalbenen efter löpningen? Skorna kan vara en del av förklaringen',
        summary:
          'Benhinneinflammation är vanligt hos nya löpare. Vi går igenom de vanligaste orsakerna – för mycket för snabbt, hårt underlag, utsliten dämpning – och när du bör gå till en fysioterapeut.',
      },
      nb: {
        title: 'Vondt i leggen etter løping? Skoene kan være en del av forklaringen',
        summary:
          'Beinhinnebetennelse er vanlig hos nye løpere. Vi går gjennom de vanligste årsakene – for mye for fort, hardt underlag, utslitt demping – og når du bør oppsøke fysioterapeut.',
      },
    },
  },
  {
    stages: ['awareness'],
    intent: 'informational',
    texts: {
      en: {
        title: 'What is overpronation, and should you worry about it?',
        summary:
          "Most runners roll their foot inwards a little. Here's what pronation actually is, why it is rarely a problem, and what “stability shoe” means on a label.",
      },
      sv: {
        title: 'Vad är överpronation, och behöver du bry dig?',
        summary:
          'De flesta löpare rullar in foten lite grann. Här är vad pronation faktiskt är, varför det sällan är ett problem och vad ”stabilitetssko” betyder på etiketten.',
      },
    },
  },
  {
    stages: ['awareness'],
    intent: 'commercial',
    texts: {
      en: {
        title: 'Five running trends for the Nordic winter',
        summary:
          'Studded trail shoes, merino layers, headlamps with 1,000 lumens and more: what runners from Malmö to Tromsø are buying this season.',
      },
      sv: {
        title: 'Fem löpartrender inför den nordiska vintern',
        summary:
          'Dubbade trailskor, merinoplagg, pannlampor på 1 000 lumen och mer: det här köper löpare från Malmö till Tromsø den här säsongen.',
      },
    },
  },
  {
    stages: ['awareness'],
    intent: 'navigational',
    texts: {
      en: {
        title: 'This is Nordstig: running shoes from Umeå since 1998',
        summary:
          'From a basement shop in Umeå to twelve stores in Sweden and Norway. Meet the people behind Nordstig and what we believe a good running shoe should do.',
      },
      sv: {
        title: 'Det här är Nordstig: löparskor från Umeå sedan 1998',
        summary:
          'Från en källarbutik i Umeå till tolv butiker i Sverige och Norge. Möt människorna bakom Nordstig och hör vad vi tycker att en bra löparsko ska klara.',
      },
      nb: {
        title: 'Dette er Nordstig: løpesko fra Umeå siden 1998',
        summary:
          'Fra en kjellerbutikk i Umeå til tolv butikker i Sverige og Norge. Møt folkene bak Nordstig og hva vi mener en god løpesko skal klare.',
      },
    },
  },
  {
    stages: ['awareness'],
    intent: 'local',
    texts: {
      en: {
        title: 'Running in Stockholm: ten routes along the water',
        summary:
          'From the 5 km loop around Djurgårdsbrunnsviken to the long stretch along Söder Mälarstrand. Distances, surfaces and where to fill your bottle.',
      },
      sv: {
        title: 'Löpning i Stockholm: tio rundor längs vattnet',
        summary:
          'Från femkilometersslingan runt Djurgårdsbrunnsviken till den långa sträckan längs Söder Mälarstrand. Distanser, underlag och var du fyller på vattenflaskan.',
      },
    },
  },
  {
    stages: ['awareness'],
    intent: 'informational',
    texts: {
      en: {
        title: 'Running in the dark: how to be seen on winter evenings',
        summary:
          'Reflective details, a headlamp and bright colours make you visible from 150 metres instead of 25. A short guide to staying safe when the afternoon turns black.',
      },
      sv: {
        title: 'Löpning i mörker: så syns du på vinterkvällarna',
        summary:
          'Reflexer, pannlampa och starka färger gör att du syns på 150 meters håll i stället för 25. En kort guide för att springa säkert när eftermiddagen blir kolsvart.',
        status: 'draft',
      },
    },
  },
  {
    stages: ['awareness'],
    intent: null,
    texts: {
      en: {
        title: 'Nordstig Run Club podcast, episode 1: why we run',
        summary:
          'Three members of our run club talk about the morning they started, the injury that nearly stopped them, and the shoes they would buy again.',
        status: 'draft',
      },
    },
  },

  // --- consideration -----------------------------------------------------------------------
  {
    stages: ['consideration'],
    intent: 'commercial',
    texts: {
      en: {
        title: 'The best running shoes for beginners: our seven picks',
        summary:
          'Tested by our staff on tarmac, gravel and treadmill. Seven well-cushioned, forgiving shoes between 1,100 and 1,900 kr – and who each one suits.',
      },
      sv: {
        title: 'Bästa löparskorna för nybörjare: våra sju favoriter',
        summary:
          'Testade av vår personal på asfalt, grus och löpband. Sju väldämpade och förlåtande skor mellan 1 100 och 1 900 kr – och vem var och en passar.',
      },
      nb: {
        title: 'De beste løpeskoene for nybegynnere: våre sju favoritter',
        summary:
          'Testet av våre ansatte på asfalt, grus og tredemølle. Sju godt dempede og tilgivende sko mellom 1 300 og 2 200 kroner – og hvem hver av dem passer for.',
      },
    },
  },
  {
    stages: ['consideration'],
    intent: 'commercial',
    texts: {
      en: {
        title: 'Carbon-plated shoes: worth it for everyday runners?',
        summary:
          'Super shoes shave seconds off race times for the elite. What a plate does for a runner at 5:30 per kilometre, how long the foam lasts and when the money is better spent elsewhere.',
      },
      sv: {
        title: 'Skor med kolfiberplatta: värda pengarna för motionärer?',
        summary:
          'Superskor kapar sekunder för eliten. Vi tittar på vad en platta gör för en löpare som springer på 5:30 per kilometer, hur länge skummet håller och när pengarna gör mer nytta på annat håll.',
      },
    },
  },
  {
    stages: ['consideration'],
    intent: 'commercial',
    texts: {
      en: {
        title: 'Gore-Tex or mesh? Choosing a winter running shoe',
        summary:
          'A waterproof membrane keeps slush out but also keeps sweat in. How to choose between Gore-Tex, water-resistant mesh and a good pair of wool socks.',
      },
      sv: {
        title: 'Gore-Tex eller mesh? Så väljer du vinterlöparsko',
        summary:
          'Ett vattentätt membran håller snömodden ute men också svetten inne. Så väljer du mellan Gore-Tex, vattenavvisande mesh och ett par riktigt bra ullstrumpor.',
      },
      nb: {
        title: 'Gore-Tex eller mesh? Slik velger du vinterløpesko',
        summary:
          'En vanntett membran holder sørpa ute, men også svetten inne. Slik velger du mellom Gore-Tex, vannavvisende mesh og et par skikkelig gode ullsokker.',
      },
    },
  },
  {
    stages: ['consideration'],
    intent: 'informational',
    texts: {
      en: {
        title: 'Heel drop explained: 0, 4, 8 or 12 millimetres?',
        summary:
          'Drop is the height difference between heel and forefoot. What it changes in your stride, why switching too fast can hurt your calves, and how to change safely.',
      },
      sv: {
        title: 'Drop förklarat: 0, 4, 8 eller 12 millimeter?',
        summary:
          'Drop är höjdskillnaden mellan häl och framfot. Vad den förändrar i ditt löpsteg, varför ett för snabbt byte kan ge ont i vaderna och hur du byter på ett säkert sätt.',
      },
    },
  },
  {
    stages: ['consideration'],
    intent: 'commercial',
    texts: {
      en: {
        title: 'Hoka, On or Asics? Three cushioned trainers compared',
        summary:
          'Clifton, Cloudmonster and Gel-Nimbus side by side: weight, stack height, fit in the toe box and how they felt after 100 km.',
      },
      sv: {
        title: 'Hoka, On eller Asics? Tre dämpade träningsskor jämförda',
        summary:
          'Clifton, Cloudmonster och Gel-Nimbus sida vid sida: vikt, sulhöjd, passform i tåboxen och hur de kändes efter tio mil.',
        status: 'draft',
      },
    },
  },
  {
    stages: ['consideration'],
    intent: 'navigational',
    texts: {
      en: {
        title: 'Nordstig Shoe Finder: five questions, three shoes',
        summary:
          'Tell us how often you run, where, and what hurts. The Shoe Finder narrows 400 models down to three – then book a try-on in your nearest shop.',
      },
      sv: {
        title: 'Nordstigs skoväljare: fem frågor, tre skor',
        summary:
          'Berätta hur ofta du springer, var och vad som gör ont. Skoväljaren smalnar av 400 modeller till tre – boka sedan en provning i närmaste butik.',
      },
    },
  },
  {
    stages: ['consideration'],
    intent: 'commercial',
    texts: {
      en: {
        title: 'What 2,000 runners said about their shoes',
        summary:
          'We collected reviews from Nordstig customers after three months of running: which shoes kept their promise, which ran small, and the surprise winner.',
      },
      sv: {
        title: 'Det här tyckte 2 000 löpare om sina skor',
        summary:
          'Vi samlade omdömen från Nordstigs kunder efter tre månaders löpning: vilka skor som höll vad de lovade, vilka som var små i storleken och vem som blev den oväntade vinnaren.',
      },
    },
  },
  {
    stages: ['consideration', 'decision'],
    intent: 'transactional',
    texts: {
      en: {
        title: "Price promise: found it cheaper? We'll match it",
        summary:
          "Seen the same shoe for less at another Nordic retailer? Show us the price, online or in store, and we'll match it – up to 30 days after you bought it.",
      },
      sv: {
        title: 'Prisgaranti: hittar du den billigare matchar vi priset',
        summary:
          'Har du sett samma sko billigare hos en annan nordisk återförsäljare? Visa oss priset, på nätet eller i butik, så matchar vi det – upp till 30 dagar efter köpet.',
      },
      nb: {
        title: 'Prisgaranti: finner du den billigere, matcher vi prisen',
        summary:
          'Har du sett den samme skoen billigere hos en annen nordisk forhandler? Vis oss prisen, på nett eller i butikk, så matcher vi den – inntil 30 dager etter kjøpet.',
      },
    },
  },
  {
    stages: ['consideration', 'decision'],
    intent: 'local',
    texts: {
      en: {
        title: 'Try before you buy: free gait analysis in all our shops',
        summary:
          'Run for two minutes on the treadmill, watch the slow-motion video with one of our staff and try the shoes that suit your stride. No booking needed on weekdays.',
      },
      sv: {
        title: 'Prova innan du köper: gratis löpstilsanalys i alla våra butiker',
        summary:
          'Spring två minuter på löpbandet, titta på filmen i slow motion tillsammans med vår personal och prova skorna som passar ditt löpsteg. Ingen bokning behövs på vardagar.',
      },
      nb: {
        title: 'Prøv før du kjøper: gratis løpeanalyse i alle butikkene våre',
        summary:
          'Løp to minutter på tredemølla, se videoen i sakte film sammen med en av våre ansatte og prøv skoene som passer løpesteget ditt. Ingen timebestilling på hverdager.',
      },
    },
  },
  {
    stages: ['consideration'],
    intent: 'informational',
    texts: {
      en: {
        title: 'Minimalist shoes: what the research actually says',
        summary:
          "Barefoot-style shoes promise stronger feet and fewer injuries. We read the studies so you don't have to, and found a more careful answer.",
        status: 'draft',
      },
    },
  },

  // --- decision ----------------------------------------------------------------------------
  {
    stages: ['decision'],
    intent: 'transactional',
    texts: {
      en: {
        title: "Free returns for 60 days – even if you've run in them",
        summary:
          "Not the right shoe after all? Return or exchange within 60 days, worn or not, in store or by post. Here's how our test-run guarantee works.",
      },
      sv: {
        title: 'Fri retur i 60 dagar – även om du har sprungit i dem',
        summary:
          'Blev det inte rätt sko ändå? Returnera eller byt inom 60 dagar, använda eller inte, i butik eller via post. Så fungerar vår provlöpningsgaranti.',
      },
      nb: {
        title: 'Gratis retur i 60 dager – selv om du har løpt i dem',
        summary:
          'Ble det ikke riktig sko likevel? Returner eller bytt innen 60 dager, brukt eller ikke, i butikk eller i posten. Slik fungerer prøveløpsgarantien vår.',
      },
    },
  },
  {
    stages: ['decision'],
    intent: 'transactional',
    texts: {
      en: {
        title: "Spring sale: 25% off last season's trail shoes",
        summary:
          'Salomon, Inov-8 and La Sportiva models from last autumn at 25% off, while sizes last. Free shipping on orders over 500 kr.',
      },
      sv: {
        title: 'Vårrea: 25 % rabatt på förra säsongens trailskor',
        summary:
          'Modeller från Salomon, Inov-8 och La Sportiva från i höstas med 25 % rabatt, så länge storlekarna räcker. Fri frakt när du handlar för över 500 kr.',
      },
    },
  },
  {
    stages: ['decision'],
    intent: 'transactional',
    texts: {
      en: {
        title: 'Buy now, pay later: Klarna, invoice and instalments',
        summary:
          'Pay by card, Swish or Klarna, and split larger orders into three interest-free instalments. What each option costs and when the money leaves your account.',
      },
      sv: {
        title: 'Köp nu, betala sen: Klarna, faktura och delbetalning',
        summary:
          'Betala med kort, Swish eller Klarna och dela upp större köp på tre räntefria delbetalningar. Vad varje alternativ kostar och när pengarna dras från kontot.',
      },
    },
  },
  {
    stages: ['decision'],
    intent: 'navigational',
    texts: {
      en: {
        title: 'Delivery times and shipping costs',
        summary:
          'Orders placed before 3 pm ship the same day. Delivery to a parcel locker in 1–3 working days in Sweden and 2–4 in Norway; free over 500 kr.',
      },
      sv: {
        title: 'Leveranstider och fraktkostnader',
        summary:
          'Beställningar som görs före klockan 15 skickas samma dag. Leverans till paketskåp på 1–3 arbetsdagar i Sverige och 2–4 i Norge; fri frakt över 500 kr.',
      },
      nb: {
        title: 'Leveringstid og fraktkostnader',
        summary:
          'Bestillinger før klokken 15 sendes samme dag. Levering til pakkeboks på 2–4 virkedager i Norge; gratis frakt over 600 kroner.',
      },
    },
  },
  {
    stages: ['decision'],
    intent: 'local',
    texts: {
      en: {
        title: 'Click & collect: pick up your order in store within two hours',
        summary:
          "Order online, choose your Nordstig shop and we'll have the shoes waiting at the till – with time to try them on before you leave.",
      },
      sv: {
        title: 'Klicka och hämta: din order i butik inom två timmar',
        summary:
          'Beställ på nätet och välj butik, så väntar skorna på dig vid kassan – med tid att prova dem innan du går.',
      },
    },
  },
  {
    stages: ['consideration', 'decision'],
    intent: 'commercial',
    texts: {
      en: {
        title: "Size guide: why you're a 42 in Nike and a 42.5 in Asics",
        summary:
          'Brands measure differently, and running shoes should be half to a full size bigger than your everyday shoes. Our conversion table and the thumb-width rule that works.',
      },
      sv: {
        title: 'Storleksguide: därför har du 42 i Nike men 42,5 i Asics',
        summary:
          'Märkena mäter olika, och löparskor ska vara en halv till en hel storlek större än vardagsskorna. Vår omräkningstabell och tumbreddsregeln som faktiskt fungerar.',
      },
    },
  },
  {
    stages: ['decision'],
    intent: 'transactional',
    texts: {
      en: {
        title: 'Gift cards: give a runner the right shoes',
        summary:
          'Digital or in a box, from 200 kr, valid for three years online and in all our shops.',
        status: 'draft',
      },
      sv: {
        title: 'Presentkort: ge en löpare rätt skor',
        summary:
          'Digitalt eller i presentask, från 200 kr, giltigt i tre år på nätet och i alla våra butiker.',
        status: 'draft',
      },
    },
  },
  {
    stages: ['decision'],
    intent: 'local',
    texts: {
      en: {
        title: 'Our Gothenburg shop is moving to Avenyn',
        summary:
          "From 1 March you'll find us at Kungsportsavenyen 12: twice the floor space, a longer treadmill for try-ons and bike parking outside.",
      },
      sv: {
        title: 'Vår butik i Göteborg flyttar till Avenyn',
        summary:
          'Från den 1 mars hittar du oss på Kungsportsavenyen 12: dubbelt så stor yta, ett längre löpband för provlöpning och cykelparkering utanför.',
      },
    },
  },

  {
    stages: ['decision'],
    intent: 'informational',
    texts: {
      en: {
        title: "New version or last year's? What actually changed in this year's models",
        summary:
          "A new colour and a 200 kr higher price, or a real improvement? What changed in the five models our customers ask about most, and when last year's version is the smarter buy.",
      },
      sv: {
        title: 'Ny version eller fjolårets? Det här har faktiskt ändrats i årets modeller',
        summary:
          'En ny färg och 200 kr högre pris, eller en verklig förbättring? Vad som ändrats i de fem modeller våra kunder frågar mest om, och när fjolårets version är det smartare köpet.',
      },
    },
  },

  // --- usage -------------------------------------------------------------------------------
  {
    stages: ['usage'],
    intent: 'informational',
    texts: {
      en: {
        title: "Breaking in new running shoes: what's normal and what isn't",
        summary:
          'Modern shoes need little breaking in, but the first 30 km still tell you a lot. Mild stiffness is fine; blisters, numb toes or heel slip are signs to act.',
      },
      sv: {
        title: 'Nya löparskor: vad är normalt de första milen?',
        summary:
          'Moderna skor behöver knappt springas in, men de första tre milen säger ändå mycket. Lite stelhet är normalt; skavsår, domnade tår eller en häl som glider är tecken på att du behöver göra något.',
      },
      nb: {
        title: 'Nye løpesko: hva er normalt de første milene?',
        summary:
          'Moderne sko trenger knapt tilvenning, men de første tre milene forteller likevel mye. Litt stivhet er normalt; gnagsår, numne tær eller en hæl som glipper, er tegn på at du bør gjøre noe.',
      },
    },
  },
  {
    stages: ['usage'],
    intent: 'informational',
    texts: {
      en: {
        title: 'How to wash running shoes without ruining them',
        summary:
          'Never in the tumble dryer. Cold water, a soft brush and newspaper inside: how to clean mesh, knit and Gore-Tex uppers and keep the foam intact.',
      },
      sv: {
        title: 'Så tvättar du löparskorna utan att förstöra dem',
        summary:
          'Aldrig i torktumlaren. Kallt vatten, en mjuk borste och tidningspapper inuti: så rengör du ovandelar i mesh, stickat och Gore-Tex utan att skada dämpningen.',
      },
    },
  },
  {
    stages: ['usage'],
    intent: 'navigational',
    texts: {
      en: {
        title: "Where's my parcel? Order status and tracking",
        summary:
          'Find your tracking link in the confirmation e-mail or under My orders. What each status means and who to contact if the parcel is late.',
      },
      sv: {
        title: 'Var är mitt paket? Orderstatus och spårning',
        summary:
          'Spårningslänken finns i orderbekräftelsen och under Mina ordrar. Vad varje status betyder och vem du kontaktar om paketet är försenat.',
      },
    },
  },
  {
    stages: ['usage'],
    intent: 'informational',
    texts: {
      en: {
        title: 'Lacing tricks for heel slip, wide forefeet and high insteps',
        summary:
          'A heel lock, window lacing and skipping an eyelet fix most fit problems in five minutes – no new shoes needed.',
      },
      sv: {
        title: 'Snörningsknep mot glappande häl, bred framfot och hög vrist',
        summary:
          'Hällås, fönstersnörning och att hoppa över ett snörhål löser de flesta passformsproblem på fem minuter – utan att du behöver köpa nya skor.',
      },
    },
  },
  {
    stages: ['usage'],
    intent: 'local',
    texts: {
      en: {
        title: 'Free shoe check in every Nordstig shop',
        summary:
          "Bring the shoes you run in. We'll look at the wear on the outsole, check how much cushioning is left and tell you honestly whether they have another season in them.",
      },
      sv: {
        title: 'Gratis skokoll i alla Nordstigs butiker',
        summary:
          'Ta med skorna du springer i. Vi tittar på slitaget på yttersulan, känner efter hur mycket dämpning som finns kvar och säger ärligt om de klarar en säsong till.',
      },
    },
  },
  {
    stages: ['usage'],
    intent: 'transactional',
    texts: {
      en: {
        title: 'Spare laces, insoles and heel cups: order replacement parts',
        summary:
          'Original laces and insoles for the models we sell, from 49 kr. Order online with free delivery to your letterbox, or pick them up with your next shoe check.',
      },
      sv: {
        title: 'Extra snören, inlägg och hälkoppar: beställ reservdelar',
        summary:
          'Originalsnören och inlägg till modellerna vi säljer, från 49 kr. Beställ på nätet med fri leverans till brevlådan, eller hämta dem vid nästa skokoll.',
      },
    },
  },
  {
    stages: ['usage'],
    intent: null,
    texts: {
      en: {
        title: 'Faulty shoes? How our complaints process works',
        summary:
          "Glue coming loose or a seam splitting within two years is a manufacturing fault. Send us a photo and your order number and we'll reply within two working days.",
      },
      sv: {
        title: 'Fel på skorna? Så fungerar vår reklamation',
        summary:
          'Lossnar limningen eller spricker en söm inom två år är det ett fabrikationsfel. Skicka en bild och ditt ordernummer så svarar vi inom två arbetsdagar.',
      },
    },
  },
  {
    stages: ['usage'],
    intent: 'commercial',
    texts: {
      en: {
        title: 'Insoles: do you need them at all?',
        summary:
          "Most runners don't; some do. How to tell the difference, and why a 600 kr insole won't fix a shoe that doesn't fit.",
        status: 'draft',
      },
    },
  },

  // --- loyalty: English and Norwegian only (gap: nothing in Swedish) -----------------------
  {
    stages: ['loyalty'],
    intent: 'transactional',
    texts: {
      en: {
        title: 'Nordstig Club: 10% back on every pair',
        summary:
          'Members earn 10% back in points on every purchase and get early access to sales. Joining is free and takes a minute.',
      },
      nb: {
        title: 'Nordstig Club: 10 % tilbake på hvert par',
        summary:
          'Medlemmer får 10 % tilbake i poeng på hvert kjøp og tidlig tilgang til salg. Det er gratis å bli med, og det tar ett minutt.',
      },
    },
  },
  {
    stages: ['loyalty'],
    intent: 'informational',
    texts: {
      en: {
        title: 'When to replace your running shoes: the 800-kilometre rule of thumb',
        summary:
          'Cushioning foams lose much of their bounce between 600 and 900 km. Four signs your shoes are done – and why an upper that looks new says little.',
      },
      nb: {
        title: 'Når bør du bytte løpesko? Tommelfingerregelen om 800 kilometer',
        summary:
          'Dempingen mister mye av spensten mellom 600 og 900 kilometer. Fire tegn på at skoene er utslitt – og hvorfor en overdel som ser ny ut, sier lite.',
      },
    },
  },
  {
    stages: ['loyalty'],
    intent: 'commercial',
    texts: {
      en: {
        title: 'Your next pair: what to buy after your first 1,000 km',
        summary:
          'Once you run regularly, a second pair pays off. How to choose between a faster shoe, a trail shoe and simply the same shoe again.',
      },
    },
  },
  {
    stages: ['loyalty'],
    intent: 'navigational',
    texts: {
      en: {
        title: 'Log in to Nordstig Club: points, receipts and shoe mileage',
        summary:
          'All your receipts in one place, your points balance and how far each pair has run, if you connect Strava or Garmin.',
      },
      nb: {
        title: 'Logg inn på Nordstig Club: poeng, kvitteringer og kilometer per sko',
        summary:
          'Alle kvitteringene samlet, poengsaldoen din og hvor langt hvert par har løpt, hvis du kobler til Strava eller Garmin.',
      },
    },
  },
  {
    stages: ['loyalty'],
    intent: 'local',
    texts: {
      en: {
        title: 'Saturday group runs from every shop',
        summary:
          'Five or ten kilometres at a chatty pace, every Saturday at 9:00. Coffee afterwards is on us, and Club members get 15% off in store the same day.',
      },
      nb: {
        title: 'Fellesløp fra alle butikkene hver lørdag',
        summary:
          'Fem eller ti kilometer i pratetempo hver lørdag klokken 9. Kaffen etterpå spanderer vi, og Club-medlemmer får 15 % rabatt i butikken samme dag.',
      },
    },
  },
  {
    stages: ['usage', 'loyalty'],
    intent: 'informational',
    texts: {
      en: {
        title: 'Recycle your old running shoes with us',
        summary:
          'Hand in worn-out shoes of any brand in our shops. Usable pairs go to running clubs in need; the rest become rubber for running tracks. You get 100 kr off your next pair.',
      },
    },
  },
  {
    stages: ['loyalty'],
    intent: 'transactional',
    texts: {
      en: {
        title: 'Refer a friend: you both get 200 kr',
        summary:
          'Share your personal link; when your friend buys their first pair, you both get a 200 kr voucher.',
        status: 'draft',
      },
    },
  },
  {
    stages: ['loyalty'],
    intent: null,
    texts: {
      en: {
        title: "Club stories: Anna's first marathon at 52",
        summary:
          'Anna joined our Saturday runs four years ago to get out of the house. Last June she finished the Stockholm Marathon in 4:41. Her story, and her three pairs of shoes.',
      },
    },
  },

  // --- not tagged yet ----------------------------------------------------------------------
  {
    stages: [],
    intent: null,
    texts: {
      en: {
        title: 'Sara Lindqvist becomes CEO of Nordstig',
        summary:
          "Sara Lindqvist, who has built up Nordstig's web shop since 2016, takes over as CEO on 1 January. Founder Per Nordin stays on the board.",
      },
      sv: {
        title: 'Sara Lindqvist blir ny vd för Nordstig',
        summary:
          'Sara Lindqvist, som har byggt upp Nordstigs webbutik sedan 2016, tar över som vd den 1 januari. Grundaren Per Nordin sitter kvar i styrelsen.',
      },
    },
  },
  {
    stages: [],
    intent: null,
    texts: {
      en: {
        title: 'Nordstig opens in Bergen',
        summary:
          'Our first shop on the Norwegian west coast opens at Strandgaten 5 on Saturday 4 October. Join the opening run at 10:00 and get 20% off all running shoes all day.',
      },
      nb: {
        title: 'Nordstig åpner i Bergen',
        summary:
          'Vår første butikk på Vestlandet åpner i Strandgaten 5 lørdag 4. oktober. Bli med på åpningsløpet klokken 10 og få 20 % på alle løpesko hele dagen.',
      },
    },
  },
];

export const GUIDES: GuideSeed[] = [
  // --- awareness ---------------------------------------------------------------------------
  {
    stages: ['awareness'],
    intent: 'informational',
    minutes: 8,
    texts: {
      en: {
        title: 'How to run your first 5K',
        intro:
          'A 5K is the perfect first goal: long enough to be proud of, short enough to train for in eight weeks.',
        steps: [
          'Pick a race eight to ten weeks away and sign up: a date makes it real.',
          'Run three times a week, mostly slowly enough to talk, and make one run a little longer each week.',
          "In race week, run less, sleep more and don't try new shoes on the day.",
        ],
      },
      sv: {
        title: 'Så springer du din första femma',
        intro:
          'Fem kilometer är det perfekta första målet: tillräckligt långt för att vara stolt över, tillräckligt kort för att träna inför på åtta veckor.',
        steps: [
          'Välj ett lopp om åtta till tio veckor och anmäl dig – ett datum gör det på riktigt.',
          'Spring tre gånger i veckan, mest så lugnt att du kan prata, och gör ett pass lite längre varje vecka.',
          'Under loppveckan: spring mindre, sov mer och testa aldrig nya skor på tävlingsdagen.',
        ],
      },
      nb: {
        title: 'Slik løper du din første femmer',
        intro:
          'Fem kilometer er det perfekte første målet: langt nok til å være stolt av, kort nok til å trene til på åtte uker.',
        steps: [
          'Velg et løp om åtte til ti uker og meld deg på – en dato gjør det virkelig.',
          'Løp tre ganger i uka, stort sett så rolig at du kan prate, og gjør én tur litt lengre hver uke.',
          'I løpsuka: løp mindre, sov mer og ikke prøv nye sko på løpsdagen.',
        ],
      },
    },
  },
  {
    stages: ['awareness'],
    intent: 'informational',
    minutes: 6,
    texts: {
      en: {
        title: 'A ten-minute warm-up for runners',
        intro:
          'Cold muscles and a fast start are a classic recipe for strains. This routine needs no equipment and works on any pavement.',
        steps: [
          'Walk briskly for two minutes, then jog easily for three.',
          'Do leg swings, ten forwards and ten sideways on each leg.',
          'Finish with four 15-second strides, walking back between them.',
        ],
      },
      sv: {
        title: 'Uppvärmning för löpare på tio minuter',
        intro:
          'Kalla muskler och en snabb start är ett klassiskt recept på sträckningar. Programmet kräver ingen utrustning och går att göra på trottoaren.',
        steps: [
          'Gå raskt i två minuter och jogga sedan lugnt i tre.',
          'Gör bensvingar, tio framåt och tio åt sidan på varje ben.',
          'Avsluta med fyra stegringslopp på 15 sekunder och gå tillbaka mellan dem.',
        ],
      },
    },
  },
  {
    stages: ['awareness'],
    intent: 'local',
    minutes: 12,
    texts: {
      en: {
        title: 'Trail running in Nordmarka: three routes from Frognerseteren',
        intro:
          "Oslo's forest starts at the end of the metro line. Three signposted loops of 6, 11 and 18 km, with tips on footing, water and the way back.",
        steps: [
          'Take metro line 1 to Frognerseteren and start at the signpost by the car park.',
          'Follow the signs towards Tryvann for the 6 km loop, or carry on to Ullevålseter for 11 km.',
          'For 18 km, continue to Sognsvann and take line 5 back into town.',
        ],
      },
      sv: {
        title: 'Traillöpning i Nordmarka: tre rundor från Frognerseteren',
        intro:
          'Oslos skogar börjar vid tunnelbanans slutstation. Tre skyltade rundor på 6, 11 och 18 kilometer, med tips om underlag, vatten och vägen hem.',
        steps: [
          'Ta tunnelbanans linje 1 till Frognerseteren och börja vid skylten vid parkeringen.',
          'Följ skyltarna mot Tryvann för rundan på 6 kilometer, eller fortsätt till Ullevålseter för 11 kilometer.',
          'För 18 kilometer fortsätter du till Sognsvann och tar linje 5 tillbaka in till stan.',
        ],
      },
      nb: {
        title: 'Terrengløping i Nordmarka: tre turer fra Frognerseteren',
        intro:
          'Marka begynner ved endestasjonen for T-banen. Tre skiltede runder på 6, 11 og 18 kilometer, med tips om underlag, vann og veien hjem.',
        steps: [
          'Ta T-banelinje 1 til Frognerseteren og start ved skiltet ved parkeringsplassen.',
          'Følg skiltene mot Tryvann for runden på 6 kilometer, eller fortsett til Ullevålseter for 11 kilometer.',
          'For 18 kilometer fortsetter du til Sognsvann og tar linje 5 tilbake til byen.',
        ],
      },
    },
  },
  {
    stages: ['awareness'],
    intent: 'commercial',
    minutes: 7,
    texts: {
      en: {
        title: 'A running kit on a budget: what to spend on, what to skip',
        intro:
          'Shoes matter. Almost everything else can wait. How to get started for under 2,000 kr without regretting it.',
        steps: [
          'Put most of the budget on shoes that fit, and try them on in the afternoon, when your feet are largest.',
          "Buy one pair of technical socks: cotton causes most beginners' blisters.",
          'Skip the watch and the vest for now; a phone and a cheap reflective band do the job.',
        ],
      },
      sv: {
        title: 'Löparutrustning för liten budget: vad du ska lägga pengar på',
        intro:
          'Skorna spelar roll. Nästan allt annat kan vänta. Så kommer du igång för under 2 000 kr utan att ångra dig.',
        steps: [
          'Lägg större delen av budgeten på skor som passar – prova dem på eftermiddagen, när fötterna är som störst.',
          'Köp ett par tekniska strumpor; bomull ligger bakom de flesta nybörjares skavsår.',
          'Vänta med klockan och västen: mobilen och ett billigt reflexband räcker långt.',
        ],
      },
    },
  },
  {
    stages: ['awareness'],
    intent: 'navigational',
    minutes: 3,
    texts: {
      en: {
        title: 'Finding your way around nordstig.com',
        intro:
          'Where to find shoes by running surface, our guides, shop opening hours and your Club account, in three clicks or fewer.',
        steps: [
          'Use Shoes → By surface to filter road, trail and treadmill models.',
          'Find opening hours and addresses under Shops at the top of every page.',
          'Log in with the person icon to see orders, returns and Club points.',
        ],
      },
      sv: {
        title: 'Hitta rätt på nordstig.se',
        intro:
          'Här hittar du skor efter underlag, våra guider, butikernas öppettider och ditt klubbkonto – på högst tre klick.',
        steps: [
          'Välj Skor → Efter underlag för att filtrera modeller för asfalt, terräng och löpband.',
          'Öppettider och adresser finns under Butiker högst upp på varje sida.',
          'Logga in via personikonen för att se ordrar, returer och klubbpoäng.',
        ],
        status: 'draft',
      },
    },
  },

  // --- consideration -----------------------------------------------------------------------
  {
    stages: ['consideration'],
    intent: 'commercial',
    minutes: 10,
    texts: {
      en: {
        title: 'How to choose running shoes in five steps',
        intro:
          "There's no best shoe, only the best shoe for you. Work through these steps before you look at a single price tag.",
        steps: [
          'Decide where you will run most: road, trail, treadmill or a mix.',
          'Choose cushioning by feel: soft, balanced or firm.',
          "Check the fit: a thumb's width in front of the big toe and no heel slip.",
          'Try two or three pairs back to back, on a treadmill if you can.',
          "Buy the one you forget you're wearing, not the one that looks fastest.",
        ],
      },
      sv: {
        title: 'Så väljer du löparskor i fem steg',
        intro:
          'Det finns ingen bästa sko, bara den bästa skon för dig. Gå igenom stegen innan du tittar på en enda prislapp.',
        steps: [
          'Bestäm var du kommer att springa mest: asfalt, terräng, löpband eller en blandning.',
          'Välj dämpning efter känsla: mjuk, balanserad eller fast.',
          'Kontrollera passformen: en tumbredd framför stortån och ingen glappande häl.',
          'Prova två eller tre par direkt efter varandra, gärna på löpband.',
          'Köp skon du glömmer att du har på dig, inte den som ser snabbast ut.',
        ],
      },
      nb: {
        title: 'Slik velger du løpesko i fem steg',
        intro:
          'Det finnes ingen beste sko, bare den beste skoen for deg. Gå gjennom stegene før du ser på en eneste prislapp.',
        steps: [
          'Bestem hvor du kommer til å løpe mest: asfalt, terreng, tredemølle eller en blanding.',
          'Velg demping etter følelse: myk, balansert eller fast.',
          'Sjekk passformen: en tommelbredde foran stortåa og ingen hæl som glipper.',
          'Prøv to eller tre par rett etter hverandre, gjerne på tredemølle.',
          'Kjøp skoen du glemmer at du har på deg, ikke den som ser raskest ut.',
        ],
      },
    },
  },
  {
    stages: ['consideration'],
    intent: 'informational',
    minutes: 5,
    texts: {
      en: {
        title: 'Measure your feet at home: length, width and arch',
        intro:
          'All you need is a sheet of paper, a pen and a wall. Measure in the evening, in the socks you run in.',
        steps: [
          'Stand on the paper with your heel against the wall and mark the tip of your longest toe.',
          'Mark the widest part of the forefoot on both sides and measure between the marks.',
          'Wet your foot and step on a paper bag: the print shows whether your arch is low, normal or high.',
        ],
      },
      sv: {
        title: 'Mät fötterna hemma: längd, bredd och fotvalv',
        intro:
          'Allt du behöver är ett papper, en penna och en vägg. Mät på kvällen och i strumporna du springer i.',
        steps: [
          'Ställ dig på pappret med hälen mot väggen och markera spetsen på den längsta tån.',
          'Markera den bredaste delen av framfoten på båda sidor och mät avståndet mellan markeringarna.',
          'Blöt foten och kliv på en papperspåse: avtrycket visar om ditt fotvalv är lågt, normalt eller högt.',
        ],
      },
    },
  },
  {
    stages: ['consideration'],
    intent: 'commercial',
    minutes: 6,
    texts: {
      en: {
        title: 'Soft, balanced or firm? How to compare cushioning',
        intro:
          'Stack heights and foam names tell you little. A simple test in the shop tells you a lot.',
        steps: [
          'Press your thumb into the midsole at the heel: deep and slow means soft, shallow and quick means firm.',
          'Jog 50 metres in each pair and notice which one you stop thinking about.',
          'Pick softer for long easy runs and firmer if you want to feel the ground.',
        ],
      },
      sv: {
        title: 'Mjuk, balanserad eller fast? Så jämför du dämpning',
        intro:
          'Sulhöjd och namn på skummaterial säger lite. Ett enkelt test i butiken säger mycket.',
        steps: [
          'Tryck tummen mot mellansulan vid hälen: djupt och långsamt betyder mjukt, grunt och snabbt betyder fast.',
          'Jogga 50 meter i varje par och lägg märke till vilket du slutar tänka på.',
          'Välj mjukare för långa, lugna pass och fastare om du vill känna underlaget.',
        ],
      },
    },
  },
  {
    stages: ['consideration'],
    intent: 'informational',
    minutes: 4,
    texts: {
      en: {
        title: 'Read your old soles: what wear patterns tell you',
        intro: 'Turn over the shoes you run in now. The outsole is a record of how you land.',
        steps: [
          'Wear on the outer heel is normal for most runners – nothing to correct.',
          'Heavy wear under the big toe and the inner forefoot can point to a need for more support.',
          'Uneven wear between the left and right shoe is worth mentioning at a gait analysis.',
        ],
      },
      sv: {
        title: 'Läs av dina gamla sulor: det här berättar slitaget',
        intro: 'Vänd på skorna du springer i nu. Yttersulan visar hur du landar i varje steg.',
        steps: [
          'Slitage på hälens utsida är normalt för de flesta löpare – inget att rätta till.',
          'Kraftigt slitage under stortån och framfotens insida kan tyda på att du behöver mer stöd.',
          'Ojämnt slitage mellan vänster och höger sko är värt att ta upp vid en löpstilsanalys.',
        ],
      },
    },
  },
  {
    stages: ['consideration', 'decision'],
    intent: 'local',
    minutes: 3,
    texts: {
      en: {
        title: 'Book a gait analysis in your nearest shop',
        intro:
          "Twenty minutes with one of our staff, a treadmill and a camera. Free, and you're under no obligation to buy.",
        steps: [
          'Choose a shop and a time under Shops → Book gait analysis.',
          'Bring the shoes you run in now and wear shorts or tights.',
          'After the analysis, try the two or three models we suggest on the treadmill.',
        ],
      },
      sv: {
        title: 'Boka löpstilsanalys i närmaste butik',
        intro:
          'Tjugo minuter med någon i vår personal, ett löpband och en kamera. Gratis, och du förbinder dig inte att köpa något.',
        steps: [
          'Välj butik och tid under Butiker → Boka löpstilsanalys.',
          'Ta med skorna du springer i nu och ha shorts eller tights på dig.',
          'Efter analysen provar du de två eller tre modeller vi föreslår på löpbandet.',
        ],
      },
      nb: {
        title: 'Bestill løpeanalyse i nærmeste butikk',
        intro:
          'Tjue minutter med en av våre ansatte, en tredemølle og et kamera. Gratis, og du forplikter deg ikke til å kjøpe noe.',
        steps: [
          'Velg butikk og tidspunkt under Butikker → Bestill løpeanalyse.',
          'Ta med skoene du løper i nå, og ha på deg shorts eller tights.',
          'Etter analysen prøver du de to eller tre modellene vi foreslår, på tredemølla.',
        ],
      },
    },
  },
  {
    stages: ['consideration'],
    intent: 'commercial',
    minutes: 6,
    texts: {
      en: {
        title: 'Choosing studded shoes for winter running',
        intro:
          "Ice is the reason many Nordic runners take the winter off. With the right studs you don't have to.",
        steps: [
          'Choose fixed carbide studs for ice and hard-packed snow, or deep rubber lugs for slush and loose snow.',
          'Go for a size with room for a thicker wool sock.',
          'Keep studded shoes for ice: on bare tarmac the studs wear quickly and feel unstable.',
        ],
      },
      sv: {
        title: 'Välj dubbskor för vinterlöpning',
        intro:
          'Isen är skälet till att många nordiska löpare gör uppehåll på vintern. Med rätt dubbar behöver du inte det.',
        steps: [
          'Välj fasta hårdmetalldubbar för is och packad snö, eller en grovmönstrad gummisula för modd och lös snö.',
          'Välj en storlek med plats för en tjockare ullstrumpa.',
          'Spara dubbskorna till isen: på barmark slits dubbarna snabbt och känns ostadiga.',
        ],
      },
    },
  },
  {
    stages: ['consideration'],
    intent: 'navigational',
    minutes: 2,
    texts: {
      en: {
        title: 'Using the Shoe Finder on nordstig.com',
        intro: 'Five questions, three suggestions and a shortcut to booking a try-on.',
        steps: [
          'Open Shoe Finder from the Shoes menu.',
          'Answer the five questions about where, how often and how far you run.',
          'Save your three suggestions or book a try-on in the shop of your choice.',
        ],
        status: 'draft',
      },
    },
  },

  // --- decision ----------------------------------------------------------------------------
  {
    stages: ['decision'],
    intent: 'transactional',
    minutes: 5,
    texts: {
      en: {
        title: 'Ordering online and getting the size right first time',
        intro:
          'Most returns are about size. Three minutes with a tape measure saves you a trip to the parcel locker.',
        steps: [
          'Measure your foot as in our measuring guide and add 1–1.5 cm for the right shoe length.',
          "Check the model's size note: some brands run small.",
          "If you're between sizes, order both: returns are free and we refund within three days.",
        ],
      },
      sv: {
        title: 'Beställ på nätet och få rätt storlek direkt',
        intro:
          'De flesta returer handlar om storleken. Tre minuter med ett måttband sparar dig en tur till ombudet.',
        steps: [
          'Mät foten enligt vår mätguide och lägg till 1–1,5 cm för rätt skolängd.',
          'Läs storleksinformationen för modellen: vissa märken är små i storleken.',
          'Ligger du mellan två storlekar, beställ båda: returen är gratis och vi betalar tillbaka inom tre dagar.',
        ],
      },
    },
  },
  {
    stages: ['decision'],
    intent: 'transactional',
    minutes: 4,
    texts: {
      en: {
        title: 'How to return or exchange a pair',
        intro: "You have 60 days, even for shoes you've run in. Here's the quickest way to do it.",
        steps: [
          'Log in and choose My orders → Return or exchange.',
          'Print the prepaid label or show the QR code at the parcel locker.',
          "Want a different size? Choose exchange and we'll ship the new pair as soon as the return is scanned.",
        ],
      },
      sv: {
        title: 'Så returnerar eller byter du ett par skor',
        intro: 'Du har 60 dagar på dig, även för skor du har sprungit i. Så här går det snabbast.',
        steps: [
          'Logga in och välj Mina ordrar → Retur eller byte.',
          'Skriv ut den förbetalda etiketten eller visa QR-koden vid paketskåpet.',
          'Vill du ha en annan storlek? Välj byte så skickar vi det nya paret så snart returen har skannats.',
        ],
      },
      nb: {
        title: 'Slik returnerer eller bytter du et par sko',
        intro: 'Du har 60 dager på deg, også for sko du har løpt i. Slik går det raskest.',
        steps: [
          'Logg inn og velg Mine ordre → Retur eller bytte.',
          'Skriv ut den forhåndsbetalte etiketten eller vis QR-koden ved pakkeboksen.',
          'Vil du ha en annen størrelse? Velg bytte, så sender vi det nye paret så snart returen er skannet.',
        ],
      },
    },
  },
  {
    stages: ['decision'],
    intent: 'local',
    minutes: 3,
    texts: {
      en: {
        title: 'Reserve online, try on in store',
        intro:
          'See which shops have your size in stock and hold a pair for 48 hours, free of charge.',
        steps: [
          'On the product page, choose your size and click Check stock in shops.',
          "Pick a shop and reserve; you'll get a text message when the pair is ready.",
          "Try it on in the shop and pay only if it's right.",
        ],
      },
      sv: {
        title: 'Reservera på nätet, prova i butik',
        intro:
          'Se vilka butiker som har din storlek i lager och reservera ett par i 48 timmar, helt gratis.',
        steps: [
          'Välj storlek på produktsidan och klicka på Se lagerstatus i butik.',
          'Välj butik och reservera; du får ett sms när paret ligger klart.',
          'Prova i butiken och betala bara om det blev rätt.',
        ],
      },
    },
  },
  {
    stages: ['decision'],
    intent: 'transactional',
    minutes: 3,
    texts: {
      en: {
        title: 'Checkout step by step: payment and delivery options',
        intro:
          'What happens between the basket and the order confirmation, and which choices cost extra.',
        steps: [
          'Enter your postcode to see the delivery options: parcel locker, home delivery or click & collect.',
          'Choose card, Swish, Klarna invoice or instalments.',
          'Check the summary and confirm; the confirmation e-mail arrives within a minute.',
        ],
      },
      sv: {
        title: 'Kassan steg för steg: betalning och leverans',
        intro:
          'Vad som händer mellan varukorgen och orderbekräftelsen, och vilka val som kostar extra.',
        steps: [
          'Fyll i ditt postnummer för att se leveranssätten: paketskåp, hemleverans eller hämta i butik.',
          'Välj kort, Swish, Klarna-faktura eller delbetalning.',
          'Kontrollera sammanfattningen och bekräfta; orderbekräftelsen kommer inom en minut.',
        ],
      },
    },
  },
  {
    stages: ['decision'],
    intent: 'commercial',
    minutes: 5,
    texts: {
      en: {
        title: 'Torn between two models? A try-on checklist',
        intro: 'When two shoes feel almost the same, these checks usually decide it.',
        steps: [
          'Wear one of each at the same time and walk and jog for a minute.',
          'Check the heel: the shoe that holds without tight laces usually wins.',
          'Think about where you will run most, and pick the outsole that suits it.',
        ],
      },
      sv: {
        title: 'Tveksam mellan två modeller? En checklista för provningen',
        intro: 'När två skor känns nästan likadana brukar de här kontrollerna avgöra.',
        steps: [
          'Ta på dig en sko av varje modell samtidigt och gå och jogga en minut.',
          'Känn efter vid hälen: skon som sitter kvar utan hårt knutna snören brukar vinna.',
          'Tänk på var du kommer att springa mest och välj den yttersula som passar.',
        ],
        status: 'draft',
      },
    },
  },
  {
    stages: ['decision'],
    intent: 'transactional',
    minutes: 2,
    texts: {
      en: {
        title: 'Using a gift card or discount code',
        intro:
          'Gift cards and codes work online and in every shop, and you can combine them with Club points.',
        steps: [
          'In the basket, click Add gift card or code.',
          'Enter the 16-digit number and PIN from the card, or the code from your e-mail.',
          'Any amount left on a gift card stays on it for next time.',
        ],
      },
      sv: {
        title: 'Så använder du presentkort eller rabattkod',
        intro:
          'Presentkort och koder fungerar på nätet och i alla butiker, och du kan kombinera dem med klubbpoäng.',
        steps: [
          'Klicka på Lägg till presentkort eller kod i varukorgen.',
          'Fyll i det 16-siffriga numret och pinkoden från kortet, eller koden från ditt mejl.',
          'Det som blir kvar på presentkortet finns kvar till nästa gång.',
        ],
      },
    },
  },

  // --- usage: no guides at all (gap) ---------------------------------------------------------

  // --- loyalty: English and Norwegian only (gap: nothing in Swedish) -----------------------
  {
    stages: ['loyalty'],
    intent: 'navigational',
    minutes: 3,
    texts: {
      en: {
        title: 'Track your shoe mileage in Nordstig Club',
        intro:
          "Connect your running app and we'll count the kilometres on each pair, and remind you when it's time for a check.",
        steps: [
          'Log in to Nordstig Club and open My shoes.',
          'Connect Strava or Garmin Connect and choose which pair each run belongs to.',
          'Turn on the reminder at 600 km to book a free shoe check.',
        ],
      },
      nb: {
        title: 'Følg med på kilometerne på skoene i Nordstig Club',
        intro:
          'Koble til løpeappen din, så teller vi kilometerne på hvert par og minner deg på når det er tid for en sjekk.',
        steps: [
          'Logg inn på Nordstig Club og åpne Mine sko.',
          'Koble til Strava eller Garmin Connect og velg hvilket par hver tur hører til.',
          'Slå på påminnelsen ved 600 kilometer for å bestille en gratis skosjekk.',
        ],
      },
    },
  },
  {
    stages: ['loyalty'],
    intent: 'transactional',
    minutes: 2,
    texts: {
      en: {
        title: 'Redeem your Club points',
        intro: '100 points are worth 10 kr, online and in store. Points are valid for two years.',
        steps: [
          'Log in before you check out; your balance is shown in the basket.',
          'Choose how many points to use, in steps of 100.',
          'In the shop, show the QR code in the Nordstig app at the till.',
        ],
      },
      nb: {
        title: 'Slik bruker du Club-poengene dine',
        intro:
          '100 poeng er verdt 10 kroner, både på nett og i butikk. Poengene er gyldige i to år.',
        steps: [
          'Logg inn før du går til kassen; saldoen vises i handlekurven.',
          'Velg hvor mange poeng du vil bruke, i steg på 100.',
          'I butikken viser du QR-koden i Nordstig-appen i kassen.',
        ],
      },
    },
  },
  {
    stages: ['loyalty'],
    intent: 'informational',
    minutes: 5,
    texts: {
      en: {
        title: 'Plan your next pair before the old one is worn out',
        intro:
          'Switching shoes when the old ones already hurt makes for a hard transition. Overlap instead.',
        steps: [
          'At around 500 km, buy the next pair: the same model or its closest successor.',
          'Alternate old and new for a few weeks, using the new pair for shorter runs first.',
          'Retire the old pair when the new one feels like yours, and hand it in for recycling.',
        ],
      },
    },
  },
  {
    stages: ['loyalty'],
    intent: 'local',
    minutes: 2,
    texts: {
      en: {
        title: 'Hand in old shoes for recycling in store',
        intro:
          'Every shop takes worn running shoes of any brand, and you get 100 kr off your next pair.',
        steps: [
          'Brush off the worst of the mud; the laces can stay in.',
          'Hand them in at the till and give your Club number.',
          'The 100 kr voucher appears in the Club app within a day.',
        ],
      },
      nb: {
        title: 'Lever gamle sko til gjenvinning i butikken',
        intro:
          'Alle butikkene tar imot utslitte løpesko av alle merker, og du får 100 kroner i rabatt på neste par.',
        steps: [
          'Børst av den verste gjørma; lissene kan sitte i.',
          'Lever dem i kassen og oppgi Club-nummeret ditt.',
          'Rabattkupongen på 100 kroner dukker opp i Club-appen innen et døgn.',
        ],
      },
    },
  },
  {
    stages: ['loyalty'],
    intent: 'commercial',
    minutes: 6,
    texts: {
      en: {
        title: 'Choosing a second pair: race shoe, trail shoe or daily trainer?',
        intro:
          'Two pairs in rotation last longer than two pairs one after the other. Which second pair makes sense depends on your next goal.',
        steps: [
          'Training for a race? A lighter shoe for tempo runs and race day.',
          'Running more in the forest? A trail shoe with proper grip.',
          'Just running more? A second daily trainer with a different feel spreads the load.',
        ],
      },
    },
  },
  {
    stages: ['loyalty'],
    intent: 'navigational',
    minutes: 2,
    texts: {
      en: {
        title: 'Update your Club profile and running goals',
        intro: "Tell us what you're training for and we'll send fewer, better e-mails.",
        steps: [
          'Log in and open Profile → Running goals.',
          'Choose your main goal and your usual running surface.',
          'Pick which e-mails you want: offers, guides, events or none.',
        ],
        status: 'draft',
      },
    },
  },
];

export const ENTRIES: SeedEntry[] = [
  ...ARTICLES.map((a) => ({ type: 'article' as const, ...a })),
  ...GUIDES.map((g) => ({ type: 'guide' as const, ...g })),
];

/**
 * The holes the coverage report should reveal. Seeding refuses data that fills one, so an edit
 * to this file cannot quietly remove what the demo is meant to show.
 */
export const DELIBERATE_GAPS: Array<{ description: string; filledBy: (e: SeedEntry) => boolean }> =
  [
    {
      description: 'no Swedish content for the loyalty stage (the after-purchase phase neglected)',
      filledBy: (e) => e.stages.includes('loyalty') && e.texts.sv !== undefined,
    },
    {
      // A gap the coverage page shows by the default rule: loyalty expects transactional content
      // (renewal, repurchase). Awareness expects none, so an empty cell there is no gap.
      description:
        'nothing transactional in Swedish for the loyalty stage (no renewal or repurchase offer)',
      filledBy: (e) =>
        e.stages.includes('loyalty') && e.intent === 'transactional' && e.texts.sv !== undefined,
    },
    {
      description: 'no guides at all for the usage stage (nothing on care after the purchase)',
      filledBy: (e) => e.type === 'guide' && e.stages.includes('usage'),
    },
  ];
