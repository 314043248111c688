"""English words that are also names in the gazetteer (generated; see the docstring).

Lower-case words seen at least four times in the English documentation shipped with the
project's dependencies (1.9 MB of prose and code), kept where they are also a one-word
key of the gazetteer: "bank", "brown", "split", "reading". A capitalised match on one of
them is a place only with a cue, or when it is the main name of a place of the region.
"""

_WORDS = """
abc abd abi abo abudhabi aca acc acf act ada add ade adem adu adv adygeya aga agr agro aichi aju
aka akita akx ala alak alan aland alaska alb alg ali alia alm aly ama amd amh ami ams amsterdam
ana anda ann ano aomori ara arakawa aras aren ark arpa aruba ask asn asu ath atm aus ava avi awa
azd bag bak bal ban band banda bank bar barcelona bare bari barsy bas bash basic bat bbi bbt bcn
bec bei bek bel below ben ber berdi berlin besar bib bid bie bil bin bio bir bki bochum bod bog
boj bolzano bom bona bor boston boy bozen bra brown brussels bsd buf bug but caa cab cal can car
cars cas casa cat cbn cck cdp chat che chen chi chiba chuo cil cit cleveland cologne cum dab dad
dagestan dala dali dar dari dat day dbm deb def del dels delta den der desi die dij dil dili dim
dir diri div diy dla dni dok dor dou drs dual dubai due dur durban dus dyn ede edi ein eko ela
els elu ena enterprise erd erm esi esk esse eta ext fage fak far fat fnc for forli fra france
frl fuchu fujimi fujisawa fukui fukuoka fukushima gal gala gan gas gay gdn gel geli gent geo
george georgia ger ges gifu gir git gmo gold google gop gos got gra gran grozny guru ham hamar
hamburg han has heilbronn hele helsinki her hero het himi hino hiroshima hitachi hiv hmi
hokkaido hur ibaraki ich ichikawa ichinomiya idir ieg iev ikeda ila ild ile ilo imp inc ind ini
int ios ipiranga iran iri ise isk ismaili ist istanbul ita itu iuo ivo izumi jag jak jan jar jas
java jed jej jie jima jin jnj joburg jos jot jsp kad kagawa kagoshima kai kali kam kamo kan
kanagawa kara kariya karya kasama kasuga kawagoe kawanishi kawasaki kazakhstan kel keli kent ker
kil kilo kim kin kira kirin kis kita kitakyushu kiu kiv kla kobe kochi koeln koga koj kola kom
komatsu konan kos kota koto kov kpn kraj krt ksi kst kum kumamoto kun kuo kur kuri kusatsu
kustanai kyl kyoto lad lag lagi lal lam lan lap laq lary las latina layan lda lds led lei lek
len lig lige lij lil lim lima limo lincoln liq lis llt lodi lodz log logos lon london los lov
lpg lpl lyi maa mad madrid mali man mana mango mar mare mari mat matsumoto maturin mba meck med
media meg mek mel melbourne mes metra mia miami mid mil mili milli minato misato mishima miso
mito miyazaki mma mobile mod mogu monster monza mora moscow mpl msk mtr muenster mun mus nagano
nagasaki nagoya naha naj nak nakano nakon nalchik name nap nara nas nat nce nde negara nek
newport ngo nic nica nice nich nico nigel niigata nim nime nimi nis nky nna nnt noda nog noj nov
noz nsw nud nyc nym nyt oba och off oita okayama okinawa okt olbia olur omr oni ont ops ora
orange ordu oru osa osaka osi oslo oss ota otu ovi pab pad pal par para param pari paris part
pat pati paz pen per pes pet pfb pin pisa pit pmc png pol pop por poti poz poznan pra prd pre
pri pru psl pss pty pub pueblo pul pun pus pxu qcx qiq qld qsl quebec radom rag raj rak ram ras
rast reading rec reg reggio rek ren res rest rez ria ric rije rind rio ris rok rom roma rome ros
rss rst rta rugby run sac sadr saga sah saitama saj sakai sakura sal sala sale sam sama san
sanda sap sapporo sar sas sat sav sava sayama scw seb sel sen sendai seri sha shaping she
shizuoka shonai sia sik simi sin sina sine sini sinin siri sis siz ski sko sky sli slu sna sns
soc soci sok sol sola solo sonra sor sou spb split sre srt srv stat sti stn sto stockholm str
sub sulu sur surat sus svg sydney syn sys tai taipei tak takatsuki tam tama tan tank tanpa tar
tas tci tdk telev tema temasek tex thd the tid tij tik til tili tip tir tku tli tmp tochigi toda
tokai tokushima tokyo tol tom top tor torino torun tottori tours tox toyama toyota trc trn trv
ttu tud tug tunes tur turi turin turn tus tvs tyre udr ugo und utc uzun valer van vana var vas
vegas vele veli vena ver vic vie vien vig vil vin vir vis vladikavkaz vladimir von vyd wakayama
wan war warn warsaw was waw wie wien xhq xin yachiyo yamada yamagata yamaguchi yamato yao yay
yazd yili yna yokohama yola zah zap zej zena zlo zuerich
"""

COMMON_WORDS = frozenset(_WORDS.split())
