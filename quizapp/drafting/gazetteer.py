"""Countries, a few blocs and capitals: enough to know a place named once in an article."""

from __future__ import annotations

_COUNTRIES = """Afghanistan|Albania|Algeria|Angola|Argentina|Armenia|Australia|Austria|Azerbaijan|
Bahrain|Bangladesh|Belarus|Belgium|Bhutan|Bolivia|Bosnia|Botswana|Brazil|Brunei|Bulgaria|Burma|
Cambodia|Cameroon|Canada|Chad|Chile|China|Colombia|Congo|Costa Rica|Croatia|Cuba|Cyprus|
Czech Republic|Denmark|Ecuador|Egypt|Eritrea|Estonia|Ethiopia|Fiji|Finland|France|Georgia|
Germany|Ghana|Greece|Guatemala|Haiti|Honduras|Hong Kong|Hungary|Iceland|India|Indonesia|Iran|
Iraq|Ireland|Israel|Italy|Jamaica|Japan|Jordan|Kazakhstan|Kenya|Korea|North Korea|South Korea|
Kosovo|Kuwait|Kyrgyzstan|Laos|Latvia|Lebanon|Libya|Lithuania|Luxembourg|Macau|Madagascar|
Malaysia|Mali|Malta|Mexico|Moldova|Mongolia|Montenegro|Morocco|Mozambique|Myanmar|Namibia|Nepal|
Netherlands|New Zealand|Nicaragua|Niger|Nigeria|Norway|Oman|Pakistan|Palestine|Panama|Paraguay|
Peru|Philippines|Poland|Portugal|Qatar|Romania|Russia|Rwanda|Saudi Arabia|Senegal|Serbia|
Singapore|Slovakia|Slovenia|Somalia|South Africa|Spain|Sri Lanka|Sudan|Sweden|Switzerland|Syria|
Taiwan|Tajikistan|Tanzania|Thailand|Tunisia|Turkey|Turkmenistan|Uganda|Ukraine|
United Arab Emirates|United Kingdom|Britain|UK|United States|US|USA|America|Uruguay|Uzbekistan|
Venezuela|Vietnam|Yemen|Zambia|Zimbabwe|Soviet Union|Europe|Asia|Africa|Crimea|Siberia"""
_CITIES = """Abu Dhabi|Amsterdam|Ankara|Athens|Baghdad|Bangkok|Beijing|Beirut|Berlin|Brussels|
Bucharest|Budapest|Buenos Aires|Cairo|Canberra|Caracas|Damascus|Delhi|New Delhi|Dhaka|Doha|Dubai|
Geneva|Hanoi|Havana|Helsinki|Islamabad|Istanbul|Jakarta|Jerusalem|Kabul|Kyiv|Kiev|Lagos|Lima|
Lisbon|London|Los Angeles|Madrid|Manila|Mexico City|Minsk|Moscow|Mumbai|Nairobi|New York|Oslo|
Ottawa|Paris|Phnom Penh|Prague|Pyongyang|Riyadh|Rome|Santiago|Seoul|Shanghai|Singapore|
St Petersburg|Stockholm|Sydney|Taipei|Tehran|Tokyo|Ulaanbaatar|Vienna|Vladivostok|Warsaw|
Washington|Wellington|Yangon"""

COUNTRIES = frozenset(name.strip() for name in _COUNTRIES.split("|") if name.strip())
CITIES = frozenset(name.strip() for name in _CITIES.split("|") if name.strip())
PLACES = COUNTRIES | CITIES
