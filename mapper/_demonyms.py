"""Demonyms and adjectives of the world's countries (written by the team).

A report about any border names its countries more often through their people ("Pakistani
troops", "Kyrgyz border guards") than by name. The table maps each ISO alpha-2 code to its
usual English adjectives and plurals; :data:`DEMONYMS` holds them folded.
"""

from __future__ import annotations

import re

_TABLE = """
AF afghan afghans afghani
AL albanian albanians
DZ algerian algerians
AO angolan angolans
AR argentine argentinian argentinians argentines
AM armenian armenians
AU australian australians
AT austrian austrians
AZ azerbaijani azerbaijanis azeri azeris
BH bahraini bahrainis
BD bangladeshi bangladeshis
BY belarusian belarusians
BE belgian belgians
BZ belizean belizeans
BJ beninese
BT bhutanese
BO bolivian bolivians
BA bosnian bosnians
BW botswanan
BR brazilian brazilians
BN bruneian
BG bulgarian bulgarians
BF burkinabe
MM burmese myanmarese
BI burundian burundians
KH cambodian cambodians khmer
CM cameroonian cameroonians
CA canadian canadians
CF centrafrican
TD chadian chadians
CL chilean chileans
CN chinese
CO colombian colombians
CG congolese
CR costa rican
HR croatian croatians croat croats
CU cuban cubans
CY cypriot cypriots
CZ czech czechs
DK danish danes
DJ djiboutian djiboutians
DO dominican dominicans
EC ecuadorian ecuadorians
EG egyptian egyptians
SV salvadoran salvadorans
GQ equatoguinean
ER eritrean eritreans
EE estonian estonians
ET ethiopian ethiopians
FI finnish finns
FR french
GA gabonese
GM gambian gambians
GE georgian georgians
DE german germans
GH ghanaian ghanaians
GR greek greeks
GT guatemalan guatemalans
GN guinean guineans
GW bissau guinean
GY guyanese
HT haitian haitians
HN honduran hondurans
HU hungarian hungarians
IN indian indians
ID indonesian indonesians
IR iranian iranians
IQ iraqi iraqis
IE irish
IL israeli israelis
IT italian italians
CI ivorian ivorians
JM jamaican jamaicans
JP japanese
JO jordanian jordanians
KZ kazakh kazakhs kazakhstani kazakhstanis
KE kenyan kenyans
XK kosovar kosovars kosovan
KW kuwaiti kuwaitis
KG kyrgyz kirghiz kyrgyzstani
LA laotian laotians lao
LV latvian latvians
LB lebanese
LS basotho
LR liberian liberians
LY libyan libyans
LT lithuanian lithuanians
MK macedonian macedonians
MG malagasy
MW malawian malawians
MY malaysian malaysians
ML malian malians
MR mauritanian mauritanians
MX mexican mexicans
MD moldovan moldovans
MN mongolian mongolians
ME montenegrin montenegrins
MA moroccan moroccans
MZ mozambican mozambicans
NA namibian namibians
NP nepali nepalese
NL dutch
NZ new zealander
NI nicaraguan nicaraguans
NE nigerien nigeriens
NG nigerian nigerians
KP north korean north koreans
NO norwegian norwegians
OM omani omanis
PK pakistani pakistanis
PS palestinian palestinians
PA panamanian panamanians
PG papuan
PY paraguayan paraguayans
PE peruvian peruvians
PH filipino filipinos philippine
PL polish poles
PT portuguese
QA qatari qataris
RO romanian romanians
RU russian russians
RW rwandan rwandans
SA saudi saudis
SN senegalese
RS serbian serbians serb serbs
SL sierra leonean
SG singaporean singaporeans
SK slovak slovaks
SI slovenian slovenians slovene
SO somali somalis
ZA south african south africans
KR south korean south koreans
SS south sudanese
ES spanish spaniards
LK sri lankan sri lankans
SD sudanese
SR surinamese
SE swedish swedes
CH swiss
SY syrian syrians
TW taiwanese
TJ tajik tajiks tajikistani
TZ tanzanian tanzanians
TH thai thais
TL timorese
TG togolese
TN tunisian tunisians
TR turkish turks
TM turkmen turkmens
UG ugandan ugandans
UA ukrainian ukrainians
AE emirati emiratis
GB british
US american americans
UY uruguayan uruguayans
UZ uzbek uzbeks
VE venezuelan venezuelans
VN vietnamese
EH sahrawi sahrawis
YE yemeni yemenis
ZM zambian zambians
ZW zimbabwean zimbabweans
"""

# Multi-word adjectives above are written as one line each; split the line on country
# codes only, so "costa rican" and "north koreans" stay whole.
_MULTI = ("costa rican", "bissau guinean", "new zealander", "north korean", "north koreans",
          "sierra leonean", "south african", "south africans", "south korean", "south koreans",
          "south sudanese", "sri lankan", "sri lankans")  # fmt: skip


def _parse() -> dict[str, str]:
    out: dict[str, str] = {}
    for line in _TABLE.strip().splitlines():
        cc, _, rest = line.partition(" ")
        for multi in sorted(_MULTI, key=len, reverse=True):
            if re.search(rf"\b{multi}\b", rest):
                out[multi] = cc
                rest = re.sub(rf"\b{multi}\b", " ", rest)
        for word in rest.split():
            out.setdefault(word, cc)
    return out


#: folded demonym or adjective -> ISO alpha-2 code of its country
DEMONYMS: dict[str, str] = _parse()
