"""Real places and plausible names for the demo data of the eight JMDI countries.

Names of regions and municipalities are real; organisations and people are invented
but written the way they would be in each country, so that demos look like the work.
"""

from __future__ import annotations

from dataclasses import dataclass

from jmdi.core.people import Sex
from jmdi.directory.models import Organisation, Position


@dataclass(frozen=True)
class CountryPlaces:
    code: str
    dial: str
    language: str
    regions: dict[str, list[str]]  # region -> municipalities
    women: list[str]  # given names
    men: list[str]
    family_names: list[str]

    @property
    def given_names(self) -> list[str]:
        """Women's and men's given names, alternately."""
        return [name for pair in zip(self.women, self.men, strict=True) for name in pair]

    def sex_of(self, given_name: str) -> Sex:
        return Sex.FEMALE if given_name in self.women else Sex.MALE


PLACES: dict[str, CountryPlaces] = {
    "CR": CountryPlaces(
        "CR",
        "+506",
        "es",
        {
            "Alajuela": ["Upala", "Los Chiles", "San Carlos", "Alajuela"],
            "Guanacaste": ["Liberia", "La Cruz", "Nicoya"],
            "San José": ["Desamparados", "San José", "Pérez Zeledón"],
            "Limón": ["Limón", "Talamanca"],
        },
        ["María José", "Gabriela", "Karla", "Adriana"],
        ["Andrés", "Luis Diego", "Esteban", "Mauricio"],
        ["Jiménez", "Solano", "Vargas", "Rojas", "Mora", "Quesada", "Araya", "Chaves"],
    ),
    "SV": CountryPlaces(
        "SV",
        "+503",
        "es",
        {
            "La Unión": ["Intipucá", "Santa Rosa de Lima", "Conchagua"],
            "San Miguel": ["San Miguel", "Chirilagua", "Ciudad Barrios"],
            "Usulután": ["Jucuapa", "Berlín", "Usulután"],
            "Chalatenango": ["Chalatenango", "Nueva Concepción"],
        },
        ["Ana Guadalupe", "Claudia", "Marta Alicia", "Sonia"],
        ["José Roberto", "Óscar", "Rafael", "Nelson"],
        ["Hernández", "Martínez", "Romero", "Portillo", "Ayala", "Chicas", "Argueta", "Guevara"],
    ),
    "EC": CountryPlaces(
        "EC",
        "+593",
        "es",
        {
            "Azuay": ["Cuenca", "Gualaceo", "Paute"],
            "Cañar": ["Azogues", "Biblián", "Cañar"],
            "Loja": ["Loja", "Catamayo"],
            "Pichincha": ["Quito", "Cayambe"],
        },
        ["Verónica", "Paola", "Gabriela", "Cristina"],
        ["Diego", "Fernando", "Santiago", "Patricio"],
        ["Guamán", "Zhunio", "Cabrera", "Ochoa", "Pesántez", "Andrade", "Maldonado", "Calle"],
    ),
    "MA": CountryPlaces(
        "MA",
        "+212",
        "fr",
        {
            "Oriental": ["Oujda", "Nador", "Berkane"],
            "Souss-Massa": ["Agadir", "Tiznit", "Taroudant"],
            "Tanger-Tétouan-Al Hoceïma": ["Tanger", "Tétouan", "Al Hoceïma"],
            "Béni Mellal-Khénifra": ["Béni Mellal", "Khouribga", "Fquih Ben Salah"],
        },
        ["Fatima Zahra", "Khadija", "Salma", "Naima"],
        ["Youssef", "Mohammed", "Hicham", "Rachid"],
        ["El Amrani", "Benali", "Ouazzani", "Tazi", "Bennani", "Alaoui", "Chraibi", "Idrissi"],
    ),
    "TN": CountryPlaces(
        "TN",
        "+216",
        "fr",
        {
            "Médenine": ["Médenine", "Zarzis", "Djerba Houmt Souk"],
            "Tataouine": ["Tataouine", "Ghomrassen"],
            "Sfax": ["Sfax", "Sakiet Ezzit"],
            "Kairouan": ["Kairouan", "Haffouz"],
        },
        ["Amel", "Sonia", "Ines", "Leila"],
        ["Mehdi", "Karim", "Slim", "Walid"],
        ["Ben Salah", "Trabelsi", "Gharbi", "Jlassi", "Mejri", "Hammami", "Ayari", "Bouazizi"],
    ),
    "SN": CountryPlaces(
        "SN",
        "+221",
        "fr",
        {
            "Matam": ["Matam", "Ourossogui", "Kanel"],
            "Saint-Louis": ["Saint-Louis", "Podor", "Dagana"],
            "Tambacounda": ["Tambacounda", "Bakel"],
            "Kolda": ["Kolda", "Vélingara"],
        },
        ["Aminata", "Fatou", "Awa", "Mariama"],
        ["Mamadou", "Ousmane", "Cheikh", "Ibrahima"],
        ["Diop", "Ndiaye", "Sow", "Ba", "Fall", "Diallo", "Sy", "Kane"],
    ),
    "PH": CountryPlaces(
        "PH",
        "+63",
        "en",
        {
            "Bicol": ["Naga City", "Legazpi City"],
            "Calabarzon": ["Batangas City", "San Pablo City", "Lipa City"],
            "Western Visayas": ["Iloilo City", "Bacolod City"],
            "Davao": ["Davao City", "Tagum City"],
        },
        ["Maria Cristina", "Liza", "Grace", "Maricel"],
        ["Jose Antonio", "Ramon", "Eduardo", "Noel"],
        ["Santos", "Reyes", "Dela Cruz", "Bautista", "Villanueva", "Mendoza", "Ramos", "Aquino"],
    ),
    "NP": CountryPlaces(
        "NP",
        "+977",
        "en",
        {
            "Koshi": ["Biratnagar", "Dharan", "Itahari"],
            "Madhesh": ["Janakpur", "Birgunj"],
            "Gandaki": ["Pokhara", "Baglung"],
            "Lumbini": ["Butwal", "Nepalgunj"],
        },
        ["Sita", "Sunita", "Anjali", "Mina"],
        ["Ram", "Bikash", "Prakash", "Dipak"],
        ["Shrestha", "Gurung", "Tamang", "Adhikari", "Thapa", "Sharma", "Rai", "Karki"],
    ),
}

#: Organisation name patterns per language: {place} is a municipality or region.
PATTERNS: dict[str, list[tuple[str, str]]] = {
    "es": [
        ("local_authority", "Municipalidad de {place}"),
        ("civil_society", "Asociación de Migrantes Retornados de {place}"),
        ("diaspora", "Red de la Diáspora de {place}"),
        ("civil_society", "Fundación para el Desarrollo Local de {place}"),
        ("private_sector", "Cooperativa de Ahorro y Crédito de {place}"),
    ],
    "fr": [
        ("local_authority", "Commune {de_place}"),
        ("civil_society", "Association Migrations et Développement {de_place}"),
        ("diaspora", "Collectif de la diaspora {de_place}"),
        ("civil_society", "Maison des jeunes et de la citoyenneté {de_place}"),
        ("private_sector", "Chambre de commerce {de_place}"),
    ],
    "en": [
        ("local_authority", "City Government of {place}"),
        ("civil_society", "{place} Migrant Workers' Resource Centre"),
        ("diaspora", "{place} Overseas Workers' Families Association"),
        ("civil_society", "{place} Women's Cooperative for Local Development"),
        ("private_sector", "{place} Chamber of Commerce"),
    ],
}


def organisation_name(pattern: str, place: str) -> str:
    """Fill a pattern; French elides "de" before a vowel: "Commune d'Agadir"."""
    de_place = f"d'{place}" if place[:1].lower() in "aeiouyhéèâîô" else f"de {place}"
    return pattern.format(place=place, de_place=de_place)


#: The positions of an organisation's contacts, by kind of organisation, most senior first.
POSITIONS: dict[str, list[Position]] = {
    Organisation.Kind.LOCAL_AUTHORITY: [
        Position.MAYOR,
        Position.HEAD_OF_PLANNING,
        Position.MIGRATION_OFFICER,
        Position.LOCAL_DEVELOPMENT_OFFICER,
        Position.SECRETARY_GENERAL,
    ],
    Organisation.Kind.CIVIL_SOCIETY: [
        Position.DIRECTOR,
        Position.PROGRAMME_COORDINATOR,
        Position.PRESIDENT,
        Position.TREASURER,
    ],
    Organisation.Kind.DIASPORA: [Position.PRESIDENT, Position.SECRETARY, Position.TREASURER],
    Organisation.Kind.PRIVATE_SECTOR: [Position.MANAGER, Position.PARTNERSHIPS_OFFICER],
}
#: For kinds of organisation the table above does not name.
DEFAULT_POSITIONS = [Position.DIRECTOR, Position.PROGRAMME_OFFICER]
