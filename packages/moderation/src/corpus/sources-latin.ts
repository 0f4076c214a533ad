/** English and French comments for the labelled corpus, one per line (see sources-ar.ts). */

export const ENGLISH_CLEAN = `
Thank you for this detailed report, it is rare to see such careful coverage.
My thoughts are with the families of the victims in Paris.
Who actually pays for these air strikes? The civilians in Raqqa, as always.
Great article, I shared it with my colleagues.
I would like to see a follow-up on the refugee camps this winter.
The deal between Washington and Moscow is a start, but implementation is what matters.
Are there reliable numbers on civilian casualties from the strikes?
I disagree with the author's third point; bombing alone will not end terrorism.
Excellent reporting from the ground. Stay safe out there.
The photo at the top of the article says more than a thousand words.
Why does the article not mention Turkey's position?
Respect to the journalists working in conflict zones.
Food prices have doubled in my town this year and wages have not moved.
The central bank waited far too long to act on inflation.
Our school still has no textbooks in November. This is unacceptable.
The hospital in our district needs more nurses, not another press release.
Power cuts of eight hours a day in this heat are making life impossible.
Congratulations to the national team, a well deserved win!
The referee got the penalty call wrong but that is football.
Loved the interview with the author, very thoughtful answers.
The weather service should have warned people earlier about the floods.
Public transport in this city is a disgrace, buses are always late.
Could you publish the full text of the agreement?
The headline is a bit misleading compared to the content of the piece.
Thanks for correcting the figure in the second paragraph.
I've been reading this site for ten years, keep up the good work.
Elections are coming; please register and vote.
Press freedom is the foundation of any democracy.
Young graduates are leaving because there are no jobs here.
The internet is slow and expensive compared to neighbouring countries.
We need to protect citizens' personal data.
Tourism is finally recovering after years of crisis.
The old city is a treasure and must be preserved.
Eid Mubarak to everyone celebrating!
Children suffer the most in every war.
Aid organisations need more support, and transparency about where donations go.
Insulin is impossible to find in pharmacies right now.
Reading should be a habit we pass on to our children.
The translation of this piece is excellent, thanks to the translator.
The app is much faster since the update.
Where is part two of the investigation?
The ministry spokesman dodged every important question.
A ceasefire has to come first, then negotiations.
Reconstruction will take decades, not years.
Displaced families want to go home safely.
Violence from any side is unacceptable.
Dialogue is the only way forward.
Thank you, I learned something new today.
I apologise, my previous comment had the wrong date.
The correct number of victims is 129 according to the latest update.
The summit will be held on 25 November in the capital.
The exchange rate reached 1,500 to the dollar.
wow great piece 👏👏👏
Loooool the first comment is spot on
Sooooo true, thank you
NATO and the UN should coordinate with the Iraqi government.
The BBC and AFP reported the same figures.
I live in the neighbourhood mentioned and can confirm the report.
A map of the strike locations would help readers.
`;

export const ENGLISH_TRAPS = `
The class assessment in Scunthorpe was postponed again.
My grandmother lives in Essex, near Middlesex and Sussex.
The assassination attempt was foiled by the police.
The assistant coach was sacked after the match.
A cocktail party at the embassy raised money for the victims.
Charles Dickens wrote about poverty in London.
The analysis by the analyst was thorough.
The therapist said the documents were cumulative evidence.
Hello from Shell's headquarters in The Hague.
The grasshopper population exploded this summer.
Shiitake mushrooms are grown in the region.
The Titanic exhibition opens in Belfast.
Penistone is a market town in South Yorkshire.
After an al-Qaeda attack in the region, the pen is mightier than the sword.
The bass player and the bassist from the band.
Mass protests were held in the capital.
The passage of the bill was delayed.
It is a classic case of bureaucracy.
I saw a hawk and a shitzu at the park.
His surname is Cockburn, pronounced Coburn.
The police said the suspect intended to kill; he was charged with attempted murder.
The attacks killed 129 people in Paris.
Hell's Kitchen is a neighbourhood in Manhattan.
The Dickensian conditions in the camps are shocking.
`;

/** term|comment: the comment holds the policy term. */
export const ENGLISH_ABUSIVE = `
fuck|Fuck you and your fake news website.
fuck|What the fuck is this garbage reporting?
shit|This article is complete shit.
shit|Your opinion is shit, go back to school.
bitch|The presenter is a lying bitch.
asshole|Only an asshole would write this.
motherfucker|Shut up you motherfucker.
cunt|The author is a cunt.
dickhead|Listen here dickhead, you know nothing.
whore|She is a media whore.
slut|What a slut.
son of a bitch|The minister is a son of a bitch.
kill yourself|Just kill yourself already.
retard|Only a retard believes this.
idiot|You are an idiot if you believe the government.
moron|What a moron this writer is.
scumbag|Every politician here is a scumbag.
dumbass|Read the article, dumbass.
bastard|Lying bastard.
piece of shit|You piece of shit.
`;

export const ENGLISH_TYPED_EVASIONS = `
fuck|masked|f*ck you and your website
fuck|masked|what the f**k
fuck|leetspeak|fvck this
fuck|spaced|f u c k you
fuck|punctuated|f.u.c.k you
fuck|elongation|fuuuuuck off
fuck|case|FuCk OFF
shit|leetspeak|this is sh1t
shit|masked|total sh*t
shit|confusables|ѕһit article
bitch|leetspeak|b1tch
bitch|masked|b!tch please
bitch|spaced|b i t c h
asshole|leetspeak|@sshole
asshole|leetspeak|a$$hole
asshole|masked|a**hole
idiot|leetspeak|1d10t
idiot|accents|ìdíòt
moron|fullwidth|ｍｏｒｏｎ
moron|elongation|morooooon
cunt|invisible|c\u200bu\u200bn\u200bt
son of a bitch|joined|sonofabitch
son of a bitch|punctuated|son-of-a-bitch
kill yourself|spaced|k i l l yourself
kill yourself|joined|killyourself
retard|leetspeak|r3tard
whore|leetspeak|wh0re
dumbass|punctuated|dumb-ass
`;

export const FRENCH_CLEAN = `
Merci pour cet article très complet, on en a besoin.
Toutes mes pensées vont aux familles des victimes.
Qui paie le prix de ces frappes ? Les civils, comme toujours.
Excellent reportage, bravo à l'équipe sur le terrain.
J'aimerais lire un suivi sur les camps de réfugiés cet hiver.
L'accord entre Washington et Moscou est un début, rien de plus.
Y a-t-il des chiffres fiables sur les victimes civiles ?
Je ne suis pas d'accord avec l'auteur sur le troisième point.
Le prix du pain a encore augmenté ce mois-ci.
La banque centrale a trop attendu pour agir.
L'école de mon fils n'a toujours pas de manuels, c'est inadmissible.
L'hôpital manque de médecins et d'infirmières.
Bravo à l'équipe nationale, victoire méritée !
L'arbitre s'est trompé sur le penalty, mais c'est le football.
Le titre est un peu trompeur par rapport au contenu.
Merci d'avoir corrigé le chiffre du deuxième paragraphe.
Je lis ce site depuis dix ans, continuez comme ça.
La liberté de la presse est essentielle.
Les jeunes diplômés partent faute d'emplois.
Le cessez-le-feu doit passer avant tout.
La reconstruction prendra des décennies.
La violence, d'où qu'elle vienne, est inacceptable.
Merci, j'ai appris quelque chose aujourd'hui.
Le sommet aura lieu le 25 novembre dans la capitale.
Très bon article 👍
Où est la deuxième partie de l'enquête ?
Le porte-parole du ministère a esquivé toutes les questions.
Les déplacés veulent rentrer chez eux en sécurité.
Le dialogue est la seule voie possible.
Les transports publics sont toujours en retard, c'est pénible.
La météo annonce encore des orages pour demain.
Félicitations aux journalistes pour ce travail d'enquête remarquable.
Je trouve l'analyse un peu rapide sur la question économique.
C'est une honte que les aides n'arrivent pas aux familles.
Quelle tristesse, paix à leurs âmes.
`;

export const FRENCH_TRAPS = `
Le conseil municipal a voté contre le projet.
La conférence sur l'économie aura lieu à Marseille.
La culture est le premier budget sacrifié en temps de crise.
Le calcul des retraites a été revu par le gouvernement.
Le député a été réputé pour ses disputes au Parlement.
Il faut reculer l'âge de départ, selon le ministre.
La technique utilisée par les enquêteurs était nouvelle.
J'ai commandé un chili con carne au restaurant du coin.
La maison se trouve au fond d'un cul-de-sac tranquille.
Le connétable de Bourbon est un personnage historique.
La connaissance est une arme contre la propagande.
Les conséquences de la crise sont visibles partout.
Le putsch a échoué grâce à la mobilisation populaire.
Sa dispute avec le directeur a fait les gros titres.
Le bateau a accosté à Concarneau ce matin.
Une salopette bleue pour le travail, c'est pratique.
Le train a eu du retard à cause de la neige.
`;

export const FRENCH_ABUSIVE = `
putain|Putain mais quel article de merde.
merde|Ce journal c'est de la merde.
connard|L'auteur est un connard fini.
connasse|La présentatrice est une connasse.
salope|Cette journaliste est une salope.
enculé|Le ministre est un enculé.
fils de pute|Ce fils de pute ment à tout le monde.
nique ta mère|Nique ta mère le journaliste.
ta gueule|Ta gueule l'auteur.
pute|Ta mère la pute.
batard|Le président est un batard.
con|T'es vraiment con toi.
crétin|Quel crétin cet éditorialiste.
débile|Article débile écrit par un débile.
abruti|Bande d'abrutis.
`;

export const FRENCH_TYPED_EVASIONS = `
putain|masked|p*tain de journal
putain|elongation|putaiiiin
merde|leetspeak|m3rde
merde|masked|m*rde
connard|spaced|c o n n a r d
connard|accents|cönnàrd
salope|leetspeak|sal0pe
salope|leetspeak|$alope
enculé|accents|encule
enculé|masked|enc*lé
fils de pute|joined|filsdepute
fils de pute|punctuated|fils-de-pute
nique ta mère|accents|nique ta mere
batard|accents|bâtard
débile|case|DÉBILE
`;
