"""Word lists for the zoo's generators (common public knowledge; every person is made up).

Lists run most common first; generators draw from them with Zipf weights. ``_`` stands for a
space inside one entry.
"""

from __future__ import annotations

from bench.zoo.common import words

# English surnames, then a long tail of place-like ones built from parts (Ash+worth).
ENGLISH_SURNAMES = words(
    "Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright Thompson Evans "
    "Walker White Roberts Green Hall Wood Jackson Clarke Harris Lewis Turner Hill Cooper Ward "
    "Morris Moore Clark Lee King Baker Harrison Morgan Allen James Scott Phillips Watson Davis "
    "Parker Price Bennett Young Griffiths Mitchell Kelly Cook Carter Richardson Bailey Collins "
    "Bell Shaw Murphy Miller Cox Richards Khan Marshall Anderson Simpson Ellis Adams Singh "
    "Begum Wilkinson Foster Chapman Powell Webb Rogers Gray Mason Ali Hunt Hussain Campbell "
    "Matthews Owen Palmer Holmes Mills Barnes Knight Lloyd Butler Russell Barker Fisher Stevens "
    "Jenkins Murray Dixon Harvey Graham Pearson Ahmed Fletcher Walsh Kaur Gibson Howard Andrews "
    "Stewart Elliott Reynolds Saunders Payne Fox Ford Pearce Day Brooks West Lawrence Cole "
    "Atkinson Bradley Spencer Gill Dawson Ball Burton O'Brien Watts Rose Booth Perry Ryan Grant "
    "Wells Armstrong Francis Rees Hayes Hart Hudson Newman Barrett Webster Hunter Gregory Carr "
    "Lowe Page Marsh Riley Dunn Woods Parsons Berry Stone Reid Holland Hawkins Harding Porter "
    "Robertson Newton Oliver Reed Kennedy Williamson Bird Gardner Shah Dean Lane Cooke Bates "
    "Henderson Parry Burgess Bishop Walton Burns Nicholson Shepherd Ross Cross Long Freeman "
    "Warren Nicholls Hamilton Byrne Sutton McDonald Yates Hodgson Robson Curtis Hopkins O'Connor "
    "Harper Coleman Watkins Moss McCarthy Chambers O'Neill Griffin Sharp Hardy Wheeler Potter "
    "Osborne Johnston Gordon Doyle Wallace George Jordan Hutchinson Rowe Burke May Pritchard "
    "Gilbert Willis Higgins Read Miles Stevenson Stephenson Hammond Arnold Buckley Walters "
    "Hewitt Barber Nelson Slater Austin Sullivan Whitehead Mann Frost Lambert Stephens Blake "
    "Akhtar Lynch Goodwin Barton Woodward Thomson Cunningham Quinn Barnett Baxter Bibi Clayton "
    "Nash Greenwood Jennings Holt Kemp Poole Gallagher Bond Stokes Tucker Davidson Fowler Heath "
    "Norman Middleton Lawson Banks French Stanley Jarvis Gibbs Ferguson Hayward Carroll Douglas "
    "Dickinson Todd Barlow Peters Lucas Knowles Hartley Miah Simmons Morton Alexander Field "
    "Morrison Norris Townsend Preston Hancock Thornton Baldwin Burrows Briggs Storey Pollard "
    "Glover Holden Whittaker Tomlinson Dobson Fleming Barker-Smith Cartwright Howell Sanderson "
    "Farrell Knowles-Jones Hurst Pickering Sheppard Hargreaves Kirby Bartlett Duffy Farmer")
_HEADS = words("Ash Brad Stan Whit Hol Wood Mil Cal Hart Brook Ather Hay Wen Cum Lang Thorn "
               "Win Oak Hunt Craw Ravens Bur Hawks Ship Wal Pen Dart Kirk Rad Hen Alder Wil Bel "
               "Mars Lin Stock Staf Fair Sel Brom Ched Glad Har Hors Ked Lox Map Nor Pres Rid")
_TAILS = words("ley ton ford worth field well by ham wood combe shaw stone bury croft dale "
               "hurst more thorpe wick land")
PLACE_SURNAMES = [h + t for t in _TAILS for h in _HEADS]

BRITISH_MALE = words(
    "David John Michael Paul Andrew Mark James Peter Richard Stephen Robert Christopher Daniel "
    "Thomas Matthew Anthony William Ian Simon Jonathan Gary Martin Kevin Jason Lee Adam Alan "
    "Craig Darren Neil Graham Benjamin Samuel Jack Oliver Joshua Luke Ryan Liam Callum Harry "
    "Charlie George Alexander Edward Nathan Scott Dean Stuart Philip Keith Brian Colin Kenneth "
    "Trevor Barry Derek Raymond Roger Terence Geoffrey Dennis Malcolm Leslie Nigel Gavin Wayne "
    "Carl Shaun Tony Jamie Ben Joe Sam Tom Dan Lewis Jordan Connor Kieran Reece Aaron Jake "
    "Owen Alfie Archie Leo Noah Oscar Freddie Henry Theo Toby Max Ethan Mason Harvey Tyler "
    "Mohammed Muhammad Imran Ahmed Ali Hassan Rajesh Sanjay Arjun Tomasz Piotr")
BRITISH_FEMALE = words(
    "Sarah Susan Julie Karen Elizabeth Helen Emma Claire Nicola Joanne Lisa Michelle Jane "
    "Margaret Patricia Catherine Rachel Louise Laura Amanda Victoria Rebecca Samantha Jennifer "
    "Alison Deborah Tracey Angela Christine Jacqueline Linda Carol Sharon Gillian Dawn Kelly "
    "Gemma Hannah Charlotte Sophie Emily Jessica Lucy Amy Chloe Katie Lauren Megan Jade "
    "Stephanie Natalie Danielle Kirsty Zoe Amelia Olivia Isla Ava Mia Isabella Poppy Ella Lily "
    "Grace Freya Evie Ruby Daisy Sophia Florence Alice Phoebe Holly Abigail Eleanor Anne Mary "
    "Pauline Janet Barbara Sandra Wendy Valerie Maureen Brenda Jean Irene Sheila Doreen Joan "
    "Shirley Fatima Ayesha Priya Sunita Anna Katarzyna Agnieszka Maria Ana Shanice")

# Nicknames and spelling variants, as one system or the person writes them.
NICKNAMES: dict[str, list[str]] = {
    k: v.split(",") for k, v in (item.split(":") for item in words(
        "Robert:Bob,Rob,Bobby William:Bill,Will,Billy James:Jim,Jimmy,Jamie Michael:Mike,Mick "
        "Alexander:Alex,Sandy Thomas:Tom,Tommy Daniel:Dan,Danny David:Dave Christopher:Chris "
        "Richard:Rick,Dick,Rich Edward:Ed,Ted,Eddie Anthony:Tony Samuel:Sam Benjamin:Ben "
        "Jonathan:Jon,Johnny Matthew:Matt Peter:Pete Stephen:Steve,Steven Joseph:Joe "
        "Andrew:Andy,Drew Kenneth:Ken,Kenny Nicholas:Nick Timothy:Tim Philip:Phil "
        "Raymond:Ray Terence:Terry Geoffrey:Geoff,Jeff Leslie:Les Frederick:Fred,Freddie "
        "Albert:Bert,Albie Alfred:Alf,Alfie Henry:Harry,Hal Charles:Charlie,Chas,Chuck "
        "John:Johnny,Jack Joshua:Josh Nathan:Nat,Nate Oliver:Ollie Gregory:Greg "
        "Elizabeth:Liz,Beth,Lizzie,Betty,Eliza Margaret:Maggie,Peggy,Meg "
        "Catherine:Kate,Cathy,Katherine,Kathryn "
        "Jennifer:Jenny,Jen Rebecca:Becky,Becca Patricia:Pat,Trish Susan:Sue,Susie "
        "Deborah:Debbie,Debs Victoria:Vicky,Tori Samantha:Sam,Sammy Jessica:Jess "
        "Charlotte:Lottie,Charlie Olivia:Liv Abigail:Abbie,Abby Eleanor:Ellie,Nell "
        "Alexandra:Alex,Sandra Christine:Chris,Chrissie Jacqueline:Jackie Gillian:Gill "
        "Stephanie:Steph Natalie:Nat Danielle:Dani Amanda:Mandy Kimberley:Kim "
        "Florence:Flo Dorothy:Dot,Dolly Mary:Molly,Polly Ann:Annie Sarah:Sally,Sadie "
        "Mohammed:Muhammad,Mohamed,Mohammad,Mohd Muhammad:Mohammed Ahmed:Ahmad "
        "Katarzyna:Kasia Tomasz:Tomek Agnieszka:Aga Aisha:Ayesha Ayesha:Aisha "
        "Steven:Stephen Zoe:Zoë Sophie:Sophia "
        "Jon:Jonathan Lewis:Louis Philip:Phillip Geoffrey:Jeffrey"))
}

# Old-fashioned English names (nineteenth century).
OLD_MALE = words(
    "William John Thomas George James Henry Charles Joseph Edward Robert Richard Frederick "
    "Arthur Albert Alfred Samuel Walter Ernest Herbert Harry Francis Benjamin Daniel David "
    "Edwin Horace Percy Sidney Wilfred Cecil Leonard Reginald Stanley Harold Hubert Bertram "
    "Clarence Ebenezer Isaac Jacob Josiah Matthew Nathaniel Peter Philip Ralph Stephen "
    "Abraham Augustus Septimus Rupert Lionel Montague Archibald Ambrose Edmund Gilbert Hugh "
    "Humphrey Jasper Luke Mark Martin Michael Nicholas Oliver Owen Patrick Roger Silas Simon "
    "Theodore Tobias Wallace Alexander Andrew Christopher Enoch Ezra Gideon Job Levi Moses "
    "Reuben Solomon Uriah Zachariah Aubrey Basil Claude Eustace Godfrey Neville Osbert Rowland")
OLD_FEMALE = words(
    "Mary Elizabeth Sarah Ann Jane Margaret Emma Alice Eliza Ellen Martha Hannah Harriet Emily "
    "Charlotte Catherine Susan Frances Louisa Caroline Maria Edith Florence Mabel Ada Agnes "
    "Clara Dorothy Ethel Gertrude Lilian Beatrice Violet Winifred Mildred Muriel Ivy Elsie "
    "Annie Amelia Lucy Rose Grace Isabella Fanny Rebecca Esther Phoebe Priscilla Matilda "
    "Henrietta Georgina Adelaide Constance Evelyn Gladys Hilda Maud Minnie Nellie Olive "
    "Rhoda Selina Sophia Susannah Lydia Keziah Dinah Jemima Hester Letitia Cordelia Honora")
OLD_SURNAMES = ENGLISH_SURNAMES[:220] + words(
    "Ashworth Bickell Cholmondeley Fairweather Goodbody Heathcote Inglis Jessop Kettlewell "
    "Loxley Mountjoy Pargeter Quilter Rattray Sowerby Thistlethwaite Upjohn Vavasour "
    "Wedgwood Yelverton Abernethy Blenkinsop Cattermole Dimmock Entwistle Fothergill "
    "Gaskell Hepplewhite Illingworth Jolliffe Knatchbull Lumley Mossop Nettleship "
    "Ormerod Postlethwaite Rawnsley Scattergood Tollemache Wigglesworth")

OCCUPATIONS = words(
    "agricultural_labourer labourer farmer domestic_servant coal_miner weaver blacksmith "
    "carpenter shoemaker tailor dressmaker laundress clerk grocer baker butcher innkeeper "
    "schoolmaster schoolmistress clergyman solicitor physician surgeon merchant mariner "
    "soldier railway_porter engine_driver bricklayer mason plumber painter printer "
    "cotton_spinner wool_comber silk_weaver lace_maker straw_plaiter gardener groom coachman "
    "carter dock_labourer fisherman miller brewer publican draper ironmonger bookseller "
    "governess nurse midwife charwoman cook housekeeper politician cricketer engineer "
    "architect artist musician author")
OCCUPATION_VARIANTS: dict[str, list[str]] = {
    "agricultural labourer": ["ag lab", "farm labourer", "ag. labourer"],
    "domestic servant": ["servant", "general servant", "house servant"],
    "coal miner": ["miner", "collier", "coal hewer"],
    "labourer": ["general labourer", "lab"],
    "schoolmaster": ["teacher", "school master"],
    "schoolmistress": ["teacher", "school mistress"],
    "clergyman": ["clerk in holy orders", "vicar", "curate"],
    "physician": ["doctor", "medical practitioner"],
    "mariner": ["seaman", "sailor", "master mariner"],
    "railway porter": ["porter", "rly porter"],
    "dressmaker": ["dress maker", "seamstress"],
    "publican": ["innkeeper", "licensed victualler"],
    "cotton spinner": ["spinner", "cotton operative"],
    "shoemaker": ["boot maker", "cordwainer"],
    "politician": ["member of parliament", "mp"],
}

# Birth places (English towns and London districts) and how they get written.
PLACES = words(
    "london manchester liverpool birmingham leeds sheffield bristol bradford hull newcastle "
    "nottingham leicester stoke-on-trent sunderland portsmouth norwich york bath exeter "
    "plymouth oxford cambridge derby coventry bolton oldham preston blackburn halifax "
    "huddersfield wakefield doncaster rotherham barnsley lincoln ipswich colchester reading "
    "brighton canterbury chester shrewsbury worcester gloucester hereford carlisle durham "
    "middlesbrough stockport wigan salford bury rochdale macclesfield st._albans "
    "kings_lynn bishop's_stortford newcastle-upon-tyne hackney islington lambeth southwark "
    "westminster stepney bethnal_green whitechapel camberwell st_pancras marylebone "
    "kensington chelsea greenwich woolwich deptford bermondsey shoreditch clerkenwell")
PLACE_VARIANTS: dict[str, list[str]] = {
    "st. albans": ["st albans", "saint albans"],
    "kings lynn": ["king's lynn", "lynn"],
    "stoke-on-trent": ["stoke on trent", "stoke"],
    "newcastle-upon-tyne": ["newcastle upon tyne", "newcastle"],
    "newcastle": ["newcastle upon tyne", "newcastle-upon-tyne"],
    "bishop's stortford": ["bishops stortford"],
    "st pancras": ["st. pancras", "saint pancras"],
    "bethnal green": ["bethnal grn"],
    "london": ["city of london", "london, england"],
    "hull": ["kingston upon hull"],
    "manchester": ["manchester, lancashire"],
    "liverpool": ["liverpool, lancashire"],
    "leeds": ["leeds, yorkshire"],
}

# UK streets (stems x kinds) and towns.
STREET_STEMS = words(
    "Albert Alexandra Balfour Beaconsfield Carlton Chestnut Clarence Cromwell Denmark Elm "
    "Gladstone Grange Grove Hamilton Highbury Kingston Lansdowne Linden Manor Mayfield Nelson "
    "Oakfield Palmerston Park Priory Queens Ravenscroft Richmond Rosebery Salisbury Stanley "
    "Tudor Victoria Warwick Wellington Windsor Church Mill Station School Chapel High Green "
    "Spring Meadow Orchard Beech Ash Willow Hawthorn Rowan Cedar Maple Sycamore Larch Hazel "
    "Holly Ivy Laurel Juniper Poplar Cherry Apple Pear Plum Acorn Fern Heather Bracken Moor "
    "Fell Dale Beck Brook Riverside Canal Bridge Castle Abbey Minster Bishop Dean Friars "
    "Kings Princes Duke Earl Baron Knight Farm Barn Stable Forge Quarry Kiln Wharf Dock "
    "Harbour Bay Cliff Sea Sandy Stony Rocky Hill Valley Glen Vale Mount Ridge Crest Summit "
    "Sunny Bright Fair Grand Royal Cavendish Devonshire Grosvenor Russell Bedford Portland "
    "Leopold Regent Coronation Jubilee Empire Trafalgar Waterloo Blenheim Marlborough")
STREET_KINDS = words("Road Street Lane Avenue Gardens Close Grove Terrace Crescent Drive Way "
                     "Place Court View Walk Rise Mews Parade Square")
STREET_ABBREVIATIONS = [(" Road", " Rd"), (" Street", " St"), (" Avenue", " Ave"),
                        (" Lane", " Ln"), (" Crescent", " Cres"), (" Gardens", " Gdns"),
                        (" Terrace", " Terr"), (" Drive", " Dr"), (" Close", " Cl"),
                        (" Court", " Ct"), (" Place", " Pl")]

# US
US_MALE = words(
    "James Robert John Michael David William Richard Joseph Thomas Christopher Charles Daniel "
    "Matthew Anthony Mark Donald Steven Andrew Paul Joshua Kenneth Kevin Brian Timothy Ronald "
    "George Jason Edward Jeffrey Ryan Jacob Nicholas Gary Eric Jonathan Stephen Larry Justin "
    "Scott Brandon Benjamin Samuel Gregory Alexander Patrick Frank Raymond Jack Dennis Jerry "
    "Tyler Aaron Jose Adam Nathan Henry Zachary Douglas Peter Kyle Noah Ethan Jeremy Christian "
    "Walter Keith Austin Roger Terry Sean Gerald Carl Dylan Harold Jordan Jesse Bryan Lawrence "
    "Arthur Gabriel Bruce Logan Billy Joe Alan Juan Elijah Willie Albert Wayne Randy Mason "
    "Vincent Liam Roy Bobby Caleb Bradley Russell Lucas Carlos Luis Miguel Jesus DeShawn "
    "Tyrone Malik Jamal Darnell Minh Wei Hiroshi Raj")
US_FEMALE = words(
    "Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Karen Sarah Lisa Nancy "
    "Sandra Betty Ashley Emily Kimberly Margaret Donna Michelle Carol Amanda Melissa Deborah "
    "Stephanie Dorothy Rebecca Sharon Laura Cynthia Amy Kathleen Angela Shirley Brenda Emma "
    "Anna Pamela Nicole Samantha Katherine Christine Helen Debra Rachel Carolyn Janet Maria "
    "Catherine Heather Diane Olivia Julie Joyce Victoria Ruth Virginia Lauren Kelly Christina "
    "Joan Evelyn Judith Andrea Hannah Megan Cheryl Jacqueline Martha Madison Teresa Gloria "
    "Sara Janice Ann Kathryn Abigail Sophia Frances Jean Alice Judy Isabella Julia Grace Amber "
    "Denise Danielle Marilyn Beverly Charlotte Natalie Theresa Diana Brittany Doris Kayla "
    "Alexis Lori Marie Guadalupe Rosa Lupita Keisha Latoya Aaliyah Mei Yuki Priya")
US_SURNAMES = words(
    "Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez "
    "Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White "
    "Harris Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres "
    "Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts "
    "Gomez Phillips Evans Turner Diaz Parker Cruz Edwards Collins Reyes Stewart Morris Morales "
    "Murphy Cook Rogers Gutierrez Ortiz Morgan Cooper Peterson Bailey Reed Kelly Howard Ramos "
    "Kim Cox Ward Richardson Watson Brooks Chavez Wood James Bennett Gray Mendoza Ruiz Hughes "
    "Price Alvarez Castillo Sanders Patel Myers Long Ross Foster Jimenez Powell Jenkins Perry "
    "Russell Sullivan Bell Coleman Butler Henderson Barnes Gonzales Fisher Vasquez Simmons "
    "Romero Jordan Patterson Alexander Hamilton Graham Reynolds Griffin Wallace Moreno West "
    "Cole Hayes Bryant Herrera Gibson Ellis Tran Medina Aguilar Stevens Murray Ford Castro "
    "Marshall Owens Harrison Fernandez McDonald Woods Washington Kennedy Wells Vargas Henry "
    "Chen Freeman Webb Tucker Guzman Burns Crawford Olson Simpson Porter Hunter Gordon Mendez "
    "Silva Shaw Snyder Mason Dixon Munoz Hunt Hicks Holmes Palmer Wagner Black Robertson Boyd "
    "Rose Stone Salazar Fox Warren Mills Meyer Rice Schmidt Garza Daniels Ferguson Nichols "
    "Stephens Soto Weaver Ryan Gardner Payne Grant Dunn Kelley Spencer Hawkins Arnold Pierce "
    "Hansen Peters Santos Hart Bradley Knight Elliott Cunningham Duncan Armstrong Hudson "
    "Carroll Lane Riley Andrews Ray Berry Perkins Hoffman Johnston Matthews Pena Richards "
    "Willis Carpenter Lawrence Sandoval O'Brien McCarthy Kowalski Schneider Nowak Novak")
US_CITIES = words(
    "Columbus Cleveland Cincinnati Toledo Akron Dayton Parma Canton Youngstown Lorain "
    "Hamilton Springfield Kettering Elyria Lakewood Cuyahoga_Falls Middletown Euclid Newark "
    "Mansfield Mentor Beavercreek Cleveland_Heights Strongsville Dublin Fairfield Findlay "
    "Warren Lancaster Lima Huber_Heights Westerville Marion Grove_City Reynoldsburg Delaware "
    "Brunswick Upper_Arlington Stow North_Olmsted Gahanna Westlake North_Royalton Massillon "
    "North_Ridgeville Mason Fairborn Bowling_Green Garfield_Heights Shaker_Heights Oregon "
    "Beachwood Athens Zanesville Sandusky Wooster Portsmouth Chillicothe Medina Xenia Troy "
    "Piqua Sidney Defiance Tiffin Fremont Norwalk Ashland Marietta Steubenville")
US_STREETS = words(
    "Main Oak Pine Maple Cedar Elm Washington Lake Hill Park Walnut Spring North Ridge "
    "Lincoln Church Willow Mill Sunset Jackson Highland Cherry Jefferson Franklin Madison "
    "River Chestnut Forest Meadow Dogwood Hickory Center Adams Broad High Market Locust "
    "Prospect Poplar Laurel Sycamore Birch Valley Spruce Woodland Grant Monroe Liberty")
US_STREET_KINDS = words("St Ave Rd Dr Ln Blvd Ct Pl Way Cir")

# German
DE_MALE = words(
    "Peter Michael Thomas Andreas Wolfgang Klaus Jürgen Günter Stefan Christian Uwe Werner "
    "Hans Horst Frank Dieter Bernd Manfred Ralf Markus Sven Jörg Matthias Tobias Lukas Jonas "
    "Leon Felix Maximilian Paul Niklas Florian Sebastian Alexander Daniel Dirk Björn Jens "
    "Torsten Heinz Helmut Gerhard Karl-Heinz Hans-Peter Rüdiger Sören Jürgen Günther Volker "
    "Holger Kai Timo Till Moritz Jan Ole Fynn Emil Anton Friedrich Walter Rolf")
DE_FEMALE = words(
    "Ursula Monika Petra Elisabeth Sabine Renate Helga Karin Brigitte Ingrid Erika Andrea "
    "Gisela Claudia Susanne Gabriele Christa Christine Hildegard Anna Maria Julia Katharina "
    "Laura Lena Lea Hannah Sophie Marie Emma Mia Lina Jana Sarah Nicole Stefanie Anja "
    "Birgit Heike Jutta Doris Käthe Bärbel Hannelore Dörte Gudrun Jördis Anneliese "
    "Lieselotte Mareike Frauke Silke Tanja Melanie Nadine Svenja Jülide")
DE_SURNAMES = words(
    "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer Koch "
    "Bauer Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann "
    "Hartmann Lange Schmitt Werner Schmitz Krause Meier Lehmann Schmid Schulze Maier Köhler "
    "Herrmann König Walter Mayer Huber Kaiser Fuchs Peters Lang Scholz Möller Weiß Jung Hahn "
    "Schubert Vogel Friedrich Keller Günther Frank Berger Winkler Roth Beck Lorenz Baumann "
    "Franke Albrecht Schuster Simon Ludwig Böhm Winter Kraus Martin Schumacher Krämer Vogt "
    "Stein Jäger Otto Sommer Groß Seidel Heinrich Brandt Haas Schreiber Graf Schulte "
    "Dietrich Ziegler Kuhn Kühn Pohl Engel Horn Busch Bergmann Thomas Voigt Sauer Arnold "
    "Wolff Pfeiffer Hübner Götz Schütz Lührs Düring Bäcker Förster Göbel Jürgens Nüßlein "
    "Rößler Löffler Späth Wüst Kröger Gärtner Brückner Dröge Söhnlein Öztürk Yılmaz Kaya")
DE_STREETS = words(
    "Haupt Bahnhof Schul Kirch Garten Dorf Berg Wald Ring Mühlen Linden Birken Eichen "
    "Buchen Rosen Tannen Wiesen Feld Goethe Schiller Beethoven Mozart Friedrich Wilhelm "
    "Luisen Markt Burg Schloss Brunnen Bach Sonnen Lessing Heine Kant Uhland Körner Mörike "
    "Bismarck Kaiser König Post Hafen Industrie Rathaus Kloster Gärtner Müller Fichten Ahorn")
DE_STREET_KINDS = words("straße weg allee platz ring gasse damm")
DE_TOWNS = words(
    "Berlin Hamburg München Köln Frankfurt_am_Main Stuttgart Düsseldorf Leipzig Dortmund "
    "Essen Bremen Dresden Hannover Nürnberg Duisburg Bochum Wuppertal Bielefeld Bonn Münster "
    "Mannheim Karlsruhe Augsburg Wiesbaden Mönchengladbach Gelsenkirchen Aachen Braunschweig "
    "Kiel Chemnitz Halle_(Saale) Magdeburg Freiburg_im_Breisgau Krefeld Mainz Lübeck Erfurt "
    "Oberhausen Rostock Kassel Hagen Potsdam Saarbrücken Hamm Ludwigshafen Oldenburg Osnabrück "
    "Leverkusen Heidelberg Darmstadt Solingen Regensburg Herne Paderborn Neuss Ingolstadt "
    "Offenbach_am_Main Fürth Würzburg Ulm Heilbronn Pforzheim Wolfsburg Göttingen Bottrop "
    "Reutlingen Koblenz Bremerhaven Recklinghausen Erlangen Bergisch_Gladbach Remscheid Jena "
    "Trier Salzgitter Moers Siegen Hildesheim Gütersloh Kaiserslautern Cottbus Schwerin "
    "Witten Gera Iserlohn Ludwigsburg Hanau Esslingen_am_Neckar Zwickau Düren Ratingen Flensburg")

# Businesses
BUSINESS_WORDS = words(
    "Northern Southern Eastern Western Central National United General Premier Apex Summit "
    "Pinnacle Crown Royal Imperial Sterling Phoenix Atlas Titan Orbit Vertex Horizon Meridian "
    "Pioneer Vanguard Beacon Harbour Anchor Keystone Cornerstone Oak Cedar Willow Birch Maple "
    "Elm Heritage Legacy Classic Modern Smart Bright Clear Swift Rapid Express Direct Prime "
    "First Alpha Omega Delta Sigma Nova Blue Green Red Silver Golden Black White Copper Iron "
    "Castle Bridge Tower Gate Park Field River Lake Valley Hill Ridge Coast Island Forest")
BUSINESS_SECTORS = words(
    "Building_Services Construction Plumbing Electrical Roofing Joinery Scaffolding Cleaning "
    "Catering Consulting Solutions Logistics Transport Haulage Engineering Fabrications "
    "Motors Garage Properties Developments Estates Lettings Recruitment Training Print "
    "Design Media Marketing Software Systems IT_Services Technology Accountancy Legal "
    "Security Facilities Landscapes Gardens Interiors Flooring Glazing Windows Kitchens "
    "Bathrooms Heating Care_Services Healthcare Pharmacy Dental Opticians Foods Bakery "
    "Butchers Trading Imports Wholesale Supplies Hire Storage Removals Travel Events")
BUSINESS_GROUP_WORDS = words("Holdings Group Trading Services Investments Management Ventures")
UK_TOWNS = words(
    "Leeds Bradford Wakefield Huddersfield Halifax Harrogate York Sheffield Doncaster "
    "Rotherham Barnsley Manchester Salford Stockport Bolton Oldham Rochdale Wigan Bury "
    "Liverpool Birkenhead Preston Blackburn Burnley Lancaster Newcastle_upon_Tyne Gateshead "
    "Sunderland Durham Middlesbrough Nottingham Derby Leicester Birmingham Coventry "
    "Wolverhampton Walsall Bristol Bath Gloucester Cheltenham Oxford Reading Swindon")
UK_POSTCODE_AREAS = {
    "Leeds": "LS", "Bradford": "BD", "Wakefield": "WF", "Huddersfield": "HD", "Halifax": "HX",
    "Harrogate": "HG", "York": "YO", "Sheffield": "S", "Doncaster": "DN", "Rotherham": "S",
    "Barnsley": "S", "Manchester": "M", "Salford": "M", "Stockport": "SK", "Bolton": "BL",
    "Oldham": "OL", "Rochdale": "OL", "Wigan": "WN", "Bury": "BL", "Liverpool": "L",
    "Birkenhead": "CH", "Preston": "PR", "Blackburn": "BB", "Burnley": "BB", "Lancaster": "LA",
    "Newcastle upon Tyne": "NE", "Gateshead": "NE", "Sunderland": "SR", "Durham": "DH",
    "Middlesbrough": "TS", "Nottingham": "NG", "Derby": "DE", "Leicester": "LE",
    "Birmingham": "B", "Coventry": "CV", "Wolverhampton": "WV", "Walsall": "WS",
    "Bristol": "BS", "Bath": "BA", "Gloucester": "GL", "Cheltenham": "GL", "Oxford": "OX",
    "Reading": "RG", "Swindon": "SN",
}
#: Postcode inward letters never include C I K M O V.
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"

SCHOOL_PATRONS = words(
    "St_Mary's St_John's St_Peter's St_Paul's St_Joseph's Holy_Trinity Christ_Church "
    "St_Michael's All_Saints St_Andrew's St_George's St_Anne's Our_Lady's Sacred_Heart "
    "St_Thomas' St_Luke's St_Mark's St_James' St_Margaret's St_Bede's")
SCHOOL_KINDS = words("Primary_School Infant_School Junior_School Academy C_of_E_Primary_School "
                     "Catholic_Primary_School High_School Community_College Primary_Academy")
