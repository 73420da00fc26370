"""Place names the small English model gets wrong: it tags some country names
as DATE or PERSON ("Niger" most of all). A gazetteer of sovereign states,
their demonyms and capitals fixes the labels before the statistical NER runs.

One line per country: name | other names | demonyms | capital.
"""

from __future__ import annotations

_COUNTRIES = """
Afghanistan||Afghan,Afghans|Kabul
Albania||Albanian,Albanians|Tirana
Algeria||Algerian,Algerians|Algiers
Andorra||Andorran|Andorra la Vella
Angola||Angolan,Angolans|Luanda
Antigua and Barbuda||Antiguan|Saint John's
Argentina||Argentine,Argentinian,Argentines|Buenos Aires
Armenia||Armenian,Armenians|Yerevan
Australia||Australian,Australians|Canberra
Austria||Austrian,Austrians|Vienna
Azerbaijan||Azerbaijani,Azerbaijanis|Baku
Bahamas|The Bahamas|Bahamian|Nassau
Bahrain||Bahraini,Bahrainis|Manama
Bangladesh||Bangladeshi,Bangladeshis|Dhaka
Barbados||Barbadian|Bridgetown
Belarus||Belarusian,Belarusians|Minsk
Belgium||Belgian,Belgians|Brussels
Belize||Belizean|Belmopan
Benin||Beninese|Porto-Novo
Bhutan||Bhutanese|Thimphu
Bolivia||Bolivian,Bolivians|Sucre
Bosnia and Herzegovina|Bosnia|Bosnian,Bosnians|Sarajevo
Botswana||Motswana,Batswana|Gaborone
Brazil||Brazilian,Brazilians|Brasilia
Brunei||Bruneian|Bandar Seri Begawan
Bulgaria||Bulgarian,Bulgarians|Sofia
Burkina Faso||Burkinabe,Burkinabè|Ouagadougou
Burundi||Burundian,Burundians|Gitega
Cabo Verde|Cape Verde|Cape Verdean|Praia
Cambodia||Cambodian,Cambodians|Phnom Penh
Cameroon||Cameroonian,Cameroonians|Yaounde
Canada||Canadian,Canadians|Ottawa
Central African Republic||Central African|Bangui
Chad||Chadian,Chadians|N'Djamena
Chile||Chilean,Chileans|Santiago
China|People's Republic of China|Chinese|Beijing
Colombia||Colombian,Colombians|Bogota
Comoros||Comoran|Moroni
Democratic Republic of the Congo|DR Congo,DRC|Congolese|Kinshasa
Republic of the Congo|Congo-Brazzaville||Brazzaville
Costa Rica||Costa Rican|San Jose
Cote d'Ivoire|Ivory Coast,Côte d'Ivoire|Ivorian,Ivorians|Yamoussoukro
Croatia||Croatian,Croatians,Croat,Croats|Zagreb
Cuba||Cuban,Cubans|Havana
Cyprus||Cypriot,Cypriots|Nicosia
Czech Republic|Czechia|Czech,Czechs|Prague
Denmark||Danish,Dane,Danes|Copenhagen
Djibouti||Djiboutian|Djibouti
Dominica||Dominican|Roseau
Dominican Republic||Dominicans|Santo Domingo
Ecuador||Ecuadorian,Ecuadorians|Quito
Egypt||Egyptian,Egyptians|Cairo
El Salvador||Salvadoran,Salvadorans|San Salvador
Equatorial Guinea||Equatoguinean|Malabo
Eritrea||Eritrean,Eritreans|Asmara
Estonia||Estonian,Estonians|Tallinn
Eswatini|Swaziland|Swazi|Mbabane
Ethiopia||Ethiopian,Ethiopians|Addis Ababa
Fiji||Fijian,Fijians|Suva
Finland||Finnish,Finn,Finns|Helsinki
France||French|Paris
Gabon||Gabonese|Libreville
Gambia|The Gambia|Gambian,Gambians|Banjul
Georgia||Georgian,Georgians|Tbilisi
Germany||German,Germans|Berlin
Ghana||Ghanaian,Ghanaians|Accra
Greece||Greek,Greeks|Athens
Grenada||Grenadian|St. George's
Guatemala||Guatemalan,Guatemalans|Guatemala City
Guinea||Guinean,Guineans|Conakry
Guinea-Bissau||Bissau-Guinean|Bissau
Guyana||Guyanese|Georgetown
Haiti||Haitian,Haitians|Port-au-Prince
Honduras||Honduran,Hondurans|Tegucigalpa
Hungary||Hungarian,Hungarians|Budapest
Iceland||Icelandic,Icelander,Icelanders|Reykjavik
India||Indian,Indians|New Delhi
Indonesia||Indonesian,Indonesians|Jakarta
Iran||Iranian,Iranians|Tehran
Iraq||Iraqi,Iraqis|Baghdad
Ireland||Irish|Dublin
Israel||Israeli,Israelis|Jerusalem
Italy||Italian,Italians|Rome
Jamaica||Jamaican,Jamaicans|Kingston
Japan||Japanese|Tokyo
Jordan||Jordanian,Jordanians|Amman
Kazakhstan||Kazakh,Kazakhs,Kazakhstani|Astana
Kenya||Kenyan,Kenyans|Nairobi
Kiribati||I-Kiribati|Tarawa
Kosovo||Kosovar,Kosovars|Pristina
Kuwait||Kuwaiti,Kuwaitis|Kuwait City
Kyrgyzstan||Kyrgyz|Bishkek
Laos||Lao,Laotian|Vientiane
Latvia||Latvian,Latvians|Riga
Lebanon||Lebanese|Beirut
Lesotho||Basotho|Maseru
Liberia||Liberian,Liberians|Monrovia
Libya||Libyan,Libyans|Tripoli
Liechtenstein||Liechtensteiner|Vaduz
Lithuania||Lithuanian,Lithuanians|Vilnius
Luxembourg||Luxembourgish,Luxembourger|Luxembourg
Madagascar||Malagasy|Antananarivo
Malawi||Malawian,Malawians|Lilongwe
Malaysia||Malaysian,Malaysians|Kuala Lumpur
Maldives||Maldivian|Male
Mali||Malian,Malians|Bamako
Malta||Maltese|Valletta
Marshall Islands||Marshallese|Majuro
Mauritania||Mauritanian,Mauritanians|Nouakchott
Mauritius||Mauritian|Port Louis
Mexico||Mexican,Mexicans|Mexico City
Micronesia||Micronesian|Palikir
Moldova||Moldovan,Moldovans|Chisinau
Monaco||Monegasque|Monaco
Mongolia||Mongolian,Mongolians|Ulaanbaatar
Montenegro||Montenegrin,Montenegrins|Podgorica
Morocco||Moroccan,Moroccans|Rabat
Mozambique||Mozambican,Mozambicans|Maputo
Myanmar|Burma|Burmese|Naypyidaw
Namibia||Namibian,Namibians|Windhoek
Nauru||Nauruan|Yaren
Nepal||Nepali,Nepalese|Kathmandu
Netherlands|The Netherlands,Holland|Dutch|Amsterdam
New Zealand||New Zealander,New Zealanders|Wellington
Nicaragua||Nicaraguan,Nicaraguans|Managua
Niger||Nigerien,Nigeriens|Niamey
Nigeria||Nigerian,Nigerians|Abuja
North Korea|DPRK|North Korean,North Koreans|Pyongyang
North Macedonia|Macedonia|Macedonian,Macedonians|Skopje
Norway||Norwegian,Norwegians|Oslo
Oman||Omani,Omanis|Muscat
Pakistan||Pakistani,Pakistanis|Islamabad
Palau||Palauan|Ngerulmud
Palestine|Palestinian Territories|Palestinian,Palestinians|Ramallah
Panama||Panamanian,Panamanians|Panama City
Papua New Guinea||Papua New Guinean|Port Moresby
Paraguay||Paraguayan,Paraguayans|Asuncion
Peru||Peruvian,Peruvians|Lima
Philippines|The Philippines|Filipino,Filipinos,Philippine|Manila
Poland||Polish,Pole,Poles|Warsaw
Portugal||Portuguese|Lisbon
Qatar||Qatari,Qataris|Doha
Romania||Romanian,Romanians|Bucharest
Russia|Russian Federation|Russian,Russians|Moscow
Rwanda||Rwandan,Rwandans|Kigali
Saint Kitts and Nevis||Kittitian|Basseterre
Saint Lucia||Saint Lucian|Castries
Saint Vincent and the Grenadines||Vincentian|Kingstown
Samoa||Samoan,Samoans|Apia
San Marino||Sammarinese|San Marino
Sao Tome and Principe|São Tomé and Príncipe|Santomean|Sao Tome
Saudi Arabia||Saudi,Saudis|Riyadh
Senegal||Senegalese|Dakar
Serbia||Serbian,Serbians,Serb,Serbs|Belgrade
Seychelles||Seychellois|Victoria
Sierra Leone||Sierra Leonean,Sierra Leoneans|Freetown
Singapore||Singaporean,Singaporeans|Singapore
Slovakia||Slovak,Slovaks|Bratislava
Slovenia||Slovenian,Slovenians,Slovene|Ljubljana
Solomon Islands||Solomon Islander|Honiara
Somalia||Somali,Somalis|Mogadishu
South Africa||South African,South Africans|Pretoria
South Korea|Republic of Korea|South Korean,South Koreans|Seoul
South Sudan||South Sudanese|Juba
Spain||Spanish,Spaniard,Spaniards|Madrid
Sri Lanka||Sri Lankan,Sri Lankans|Colombo
Sudan||Sudanese|Khartoum
Suriname||Surinamese|Paramaribo
Sweden||Swedish,Swede,Swedes|Stockholm
Switzerland||Swiss|Bern
Syria||Syrian,Syrians|Damascus
Taiwan||Taiwanese|Taipei
Tajikistan||Tajik,Tajiks|Dushanbe
Tanzania||Tanzanian,Tanzanians|Dodoma
Thailand||Thai|Bangkok
Timor-Leste|East Timor|Timorese|Dili
Togo||Togolese|Lome
Tonga||Tongan|Nuku'alofa
Trinidad and Tobago||Trinidadian|Port of Spain
Tunisia||Tunisian,Tunisians|Tunis
Turkey|Türkiye|Turkish,Turk,Turks|Ankara
Turkmenistan||Turkmen|Ashgabat
Tuvalu||Tuvaluan|Funafuti
Uganda||Ugandan,Ugandans|Kampala
Ukraine||Ukrainian,Ukrainians|Kyiv
United Arab Emirates|UAE|Emirati,Emiratis|Abu Dhabi
United Kingdom|UK,U.K.,Britain,Great Britain|British,Briton,Britons|London
United States|US,U.S.,USA,U.S.A.,United States of America|American,Americans|Washington
Uruguay||Uruguayan,Uruguayans|Montevideo
Uzbekistan||Uzbek,Uzbeks|Tashkent
Vanuatu||Ni-Vanuatu|Port Vila
Vatican City|Holy See||Vatican City
Venezuela||Venezuelan,Venezuelans|Caracas
Vietnam|Viet Nam|Vietnamese|Hanoi
Yemen||Yemeni,Yemenis|Sanaa
Zambia||Zambian,Zambians|Lusaka
Zimbabwe||Zimbabwean,Zimbabweans|Harare
"""

# Regions that news names as places; LOC in OntoNotes terms.
REGIONS = [
    "Africa", "Asia", "Europe", "North America", "South America", "Latin America", "Oceania", "Antarctica",
    "Middle East", "Near East", "Far East", "Sahel", "Sahara", "Maghreb", "Horn of Africa", "West Africa",
    "East Africa", "North Africa", "Southern Africa", "Central Africa", "Sub-Saharan Africa", "Balkans",
    "Caucasus", "Central Asia", "South Asia", "Southeast Asia", "East Asia", "Scandinavia", "Baltics",
    "Gulf", "Persian Gulf", "Arabian Peninsula", "Levant", "Caribbean", "Mediterranean", "Black Sea",
    "Red Sea", "Baltic Sea", "South China Sea", "Pacific", "Atlantic", "Indian Ocean", "Arctic",
    "Eastern Europe", "Western Europe", "Central Europe", "Lake Chad", "Gaza Strip", "West Bank",
]


def _parse() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    names: dict[str, str] = {}
    demonyms: dict[str, str] = {}
    capitals: dict[str, str] = {}
    for line in _COUNTRIES.strip().splitlines():
        name, others, dems, capital = (part.strip() for part in line.split("|"))
        names[name] = name
        for other in filter(None, (o.strip() for o in others.split(","))):
            names[other] = name
        for dem in filter(None, (d.strip() for d in dems.split(","))):
            demonyms.setdefault(dem, name)
        if capital:
            capitals[capital] = name
    return names, demonyms, capitals


#: every country name or alias → canonical country name
COUNTRY_NAMES, DEMONYMS, CAPITALS = _parse()


def canonical_place(text: str) -> str | None:
    """The canonical country for a country name or alias, else None."""
    key = text.strip()
    if key.lower().startswith("the "):
        key = key[4:]
    return COUNTRY_NAMES.get(key)


# Names that are as often people or other places ("Chad", "Jordan", "Georgia",
# "Victoria"): forcing them to GPE would be wrong as often as right, so the
# statistical NER decides for these.
AMBIGUOUS = {
    "Chad", "Jordan", "Georgia", "Victoria", "Sofia", "Male", "Kingston", "Santiago", "Lima", "Georgetown",
    "Juba", "Washington", "Dominica", "Finn", "Pole", "Poles", "Turk", "Guinea", "Nassau", "Praia", "Apia",
    "Castries", "Tripoli", "San Jose", "Roseau", "Georgian", "Jordanian", "Dane", "Danes",
}


def ruler_patterns() -> list[dict[str, object]]:
    """spaCy EntityRuler patterns, case-sensitive phrases (so "us" is never "US")."""
    patterns: list[dict[str, object]] = []
    for name in COUNTRY_NAMES:
        if name not in AMBIGUOUS:
            patterns.append({"label": "GPE", "pattern": name})
    for capital in CAPITALS:
        if capital not in AMBIGUOUS:
            patterns.append({"label": "GPE", "pattern": capital})
    for dem in DEMONYMS:
        if dem not in AMBIGUOUS:
            patterns.append({"label": "NORP", "pattern": dem})
    for region in REGIONS:
        patterns.append({"label": "LOC", "pattern": region})
    return patterns
