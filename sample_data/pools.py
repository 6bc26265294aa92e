"""Word lists the sample-data generator draws from: names, name variants and London streets.

All lists are invented or common public knowledge (street names and postcode outward codes are
real London places; inward codes, house numbers and people are made up by ``generate.py``).
"""


def _variants(text: str) -> dict[str, list[str]]:
    """Parse ``"Robert:Bob,Rob William:Bill"`` into ``{"Robert": ["Bob", "Rob"], ...}``."""
    return {name: alts.split(",") for name, alts in (item.split(":") for item in text.split())}


# name: (weight, male forenames, female forenames, family surnames), most common first;
# "_" stands for a space inside a surname. Weights loosely follow London's 2011 ethnic mix.
GROUPS: dict[str, tuple[float, str, str, str]] = {
    "british": (40.0,
        "James William Thomas Robert Michael David John Daniel Christopher Matthew Oliver Jack "
        "Harry George Richard Edward Anthony Samuel Benjamin Jonathan Alexander Peter Paul Stephen",
        "Elizabeth Margaret Catherine Jennifer Sarah Emma Charlotte Sophie Emily Hannah Rebecca "
        "Patricia Susan Deborah Victoria Samantha Jessica Olivia Laura Rachel Claire Zoë Chloé",
        "Smith Jones Williams Brown Taylor Davies Wilson Evans Johnson Roberts Wright Walker "
        "Thompson White Hughes Green Hall Wood Clarke Jackson Lewis Harris Martin Cooper King "
        "Baker Smith-Jones Ward Turner Hill Moore Allen Young Scott Mitchell Morris Phillips "
        "Bennett Robinson"),
    "irish": (3.0, "Sean Patrick Michael Liam Ciaran Declan Conor Kevin",
        "Siobhan Mary Bridget Niamh Aoife Ciara Margaret Catherine",
        "Murphy O'Brien Kelly McDonald O'Sullivan Walsh Byrne Ryan O'Connor Doyle"),
    "polish": (4.0, "Tomasz Piotr Krzysztof Michał Paweł Marek Jakub Łukasz",
        "Katarzyna Agnieszka Anna Magdalena Joanna Monika Ewa Marta",
        "Kowalski Nowak Wiśniewski Wójcik Kamiński Lewandowski Zieliński Szymański"),
    "iberian": (3.5, "José João Carlos Luis Pedro Miguel Rafael Diego",
        "Maria Ana Beatriz Joana Sofia Carla Mariana Inês",
        "Silva Santos De_Souza Ferreira Pereira Oliveira Costa Rodrigues Da_Costa Gomes"),
    "other_white": (2.0, "Mehmet Mustafa Ahmet Emre Dimitri Nikos Marco Luca",
        "Ayşe Elif Zeynep Eleni Giulia Francesca Despina Hatice",
        "Yilmaz Kaya Demir Sahin Celik Papadopoulos Georgiou Rossi Russo"),
    "bangladeshi": (6.0, "Mohammed Abdul Shahid Jamal Rahim Kamal Mizanur Sultan Ruhul Habib",
        "Fatima Ayesha Nusrat Shirin Rokeya Shahana Jahanara Salma Rina Taslima",
        "Ahmed Ali Miah Uddin Rahman Islam Hussain Chowdhury Hoque Khan"),
    "pakistani": (4.0, "Mohammed Imran Tariq Asif Bilal Usman Zubair Kamran Adil Hamza",
        "Ayesha Fatima Sana Nadia Amina Sadia Hina Saima Rubina Zainab",
        "Khan Hussain Ali Ahmed Iqbal Akhtar Shah Butt Malik Mahmood"),
    "indian": (4.6, "Rajesh Sanjay Arjun Vikram Amit Rahul Ravi Nikhil Deepak Kiran",
        "Priya Sunita Anjali Pooja Neha Meera Asha Kavita Divya Rekha",
        "Patel Shah Sharma Mistry Desai Kumar Joshi Mehta Gupta Pillai"),
    "sikh": (2.2, "Harpreet Gurpreet Manjit Rajinder Sukhwinder Jaswinder Amrik Baljit",
        "Harpreet Gurpreet Jaspreet Manjit Sukhwinder Simran Navdeep Kulwinder",
        "Gill Sandhu Sidhu Dhillon Grewal Bains"),  # plus Singh / Kaur, see surname_for()
    "west_african": (7.0,
        "Oluwaseun Adebayo Chinedu Emeka Kwame Kofi Olumide Tunde Samuel Daniel Chukwuemeka "
        "Ifeanyi", "Chiamaka Funmilayo Blessing Grace Precious Adaeze Abena Ama Folake Ngozi",
        "Okafor Adeyemi Okonkwo Mensah Owusu Adebayo Boateng Asante Eze Balogun Ogunleye Nwosu "
        "Osei"),
    "caribbean": (4.5, "Marcus Dwayne Tyrone Leroy Winston Delroy Jermaine Andre Kemar Nathan",
        "Shanice Jasmine Marcia Sharon Beverley Tanisha Janelle Monique Simone",
        "Campbell Williams Brown Thomas Francis Clarke Grant Edwards Henry Richards"),
    "somali": (2.5, "Mohamed Abdi Hassan Ahmed Yusuf Ibrahim Omar Abdirahman Mustafa",
        "Fadumo Hodan Amina Sahra Hibo Asha Halima Khadija Ayan",
        "Mohamed Ahmed Hassan Abdi Ali Farah Warsame Osman Yusuf Jama"),
    "east_asian": (2.5, "Minh Duc Tuan Hung Wei Jun Hao Kenji", "Linh Mai Lan Thu Mei Xin Yan Hoa",
        "Nguyen Tran Le Pham Chen Wong Li Zhang Huang Lin"),
    "mixed": (5.0, "", "", ""),  # forenames from any group; British or Caribbean surname
}


def forenames(group: str, sex: str) -> str:
    """The space-separated forename pool of ``group`` for sex ``"M"`` or ``"F"``."""
    _, male, female, _ = GROUPS[group]
    return male if sex == "M" else female


ANGLO = {"british", "irish", "caribbean"}
ANGLO = {"british", "irish", "caribbean"}  # typo rates are doubled for the other groups

# Nicknames / short forms ("Robert (known as Bob)") and transliterations / spelling variants.
NICKNAMES = _variants(
    "Robert:Bob,Rob,Bobby William:Bill,Will,Billy James:Jim,Jimmy,Jamie Michael:Mike,Mick "
    "Alexander:Alex,Sandy Thomas:Tom,Tommy Daniel:Dan,Danny David:Dave Christopher:Chris "
    "Richard:Rich,Dick Edward:Ed,Ted,Eddie Anthony:Tony Samuel:Sam Benjamin:Ben Jonathan:Jon "
    "Matthew:Matt Peter:Pete Stephen:Steve Oliver:Ollie Patrick:Pat,Paddy Elizabeth:Liz,Beth,"
    "Lizzie Margaret:Peggy,Maggie,Meg Catherine:Kate,Cathy Jennifer:Jenny,Jen Rebecca:Becky "
    "Patricia:Pat,Trish Susan:Sue Deborah:Debbie Victoria:Vicky Samantha:Sam Jessica:Jess "
    "Charlotte:Lottie,Charlie Olivia:Liv Oluwaseun:Seun Funmilayo:Funmi Chiamaka:Chi "
    "Chukwuemeka:Emeka Katarzyna:Kasia Agnieszka:Aga Tomasz:Tomek Abdirahman:Abdi Rajesh:Raj "
    "Sukhwinder:Sukhi Jaswinder:Jas Ifeanyi:Ify")
SPELLINGS = _variants(
    "Mohammed:Muhammad,Mohamed,Mohammad,Mohd Mohamed:Mohammed,Mohamud,Muhammad Ahmed:Ahmad "
    "Hussain:Hussein,Husain Ayesha:Aisha,Aysha Fatima:Fatimah,Fatma Yusuf:Yousuf,Yusef "
    "Omar:Umar Abdul:Abdool Catherine:Katherine,Kathryn Chowdhury:Choudhury,Chaudhry "
    "Hoque:Haque,Huq Miah:Mia Begum:Begom Rahman:Rahaman Ibrahim:Ebrahim Sean:Shaun,Shawn "
    "Hassan:Hasan Farah:Faarah")

# street|outward code|locality: real London streets and outward codes, invented inward codes.
STREETS = [s.split("|") for s in (
    "Mare Street|E8|Hackney", "Kingsland Road|E8|Dalston", "Dalston Lane|E8|Dalston",
    "Amhurst Road|E8|Hackney", "Queensbridge Road|E8|Hackney", "Lower Clapton Road|E5|Clapton",
    "Chatsworth Road|E5|Clapton", "Stoke Newington High Street|N16|Stoke Newington",
    "Albion Road|N16|Stoke Newington", "Church Street|N16|Stoke Newington",
    "Essex Road|N1|Islington", "Balls Pond Road|N1|Islington", "Victoria Park Road|E9|Hackney",
    "Well Street|E9|Hackney", "Rye Lane|SE15|Peckham", "Queens Road|SE15|Peckham",
    "Commercial Road|E1|Whitechapel", "Brick Lane|E1|Spitalfields", "Hackney Road|E2|Bethnal Green",
    "Bethnal Green Road|E2|Bethnal Green", "Hoe Street|E17|Walthamstow",
    "Forest Road|E17|Walthamstow", "West Green Road|N15|Tottenham", "Philip Lane|N15|Tottenham",
    "High Road Leyton|E10|Leyton", "Fortis Green|N10|Muswell Hill", "London Road|CR0|Croydon",
    "Ripple Road|IG11|Barking", "Romford Road|E7|Forest Gate", "Coldharbour Lane|SE5|Camberwell",
    "Trafalgar Road|SE10|Greenwich", "Walworth Road|SE17|Walworth", "Lordship Lane|SE22|Dulwich",
    "Evering Road|N16|Stoke Newington", "Northwold Road|E5|Clapton",
)]
# Postcode inward letters never include C I K M O V.
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
# NI number prefixes: no D F I Q U V, no O second, none of the never-issued pairs.
NINO_PREFIXES = [a + b for a in "ABCEGHJKLMNOPRSTWXYZ" for b in "ABCEGHJKLMNPRSTWXYZ"
                 if a + b not in {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}]
