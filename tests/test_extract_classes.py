"""The extractor against the classes of error found on documents it had never
seen (../shared/eval/ERROR-CLASSES.md), one mechanism at a time.

Every sentence and every name here is invented for these tests.
"""
from kg.extract import extract
from kg.ingest import document_from_text


def run(text):
    doc = document_from_text(text, id="t", source="t.txt", file_name="t.txt")
    return extract(doc)


def labels(ex, *types):
    return {label for (t, label) in ex.entities if t in types}


def facts(ex, pred=None):
    return {(f.subject[1], f.predicate, f.object[1]) for f in ex.facts if pred is None or f.predicate == pred}


ORGS = ("Organization", "PartyOrganization")


# --- 6. unit kinds of every sector -------------------------------------------

def test_units_of_other_sectors_are_organizations():
    ex = run("松川县公安局桃溪派出所党支部打造“桃溪警灯”党建品牌。")
    assert ("桃溪派出所党支部", "hasBrand", "桃溪警灯") in facts(ex)
    ex = run("青禾银行岚溪市分行党委创建“红舟领航”党建品牌。")
    assert "岚溪市分行党委" in labels(ex, "PartyOrganization") or "青禾银行岚溪市分行党委" in labels(ex, "PartyOrganization")
    assert any(o.endswith("分行党委") and b == "红舟领航" for o, _, b in facts(ex, "hasBrand"))


def test_an_institutional_kind_needs_a_proper_name_before_it():
    ex = run("工会互助会为困难职工送温暖。柳岸市青年商会党支部开展“商心向党”活动。")
    assert "工会互助会" not in labels(ex, *ORGS)
    assert "柳岸市青年商会党支部" in labels(ex, "PartyOrganization")


def test_the_formal_name_of_a_branch_is_a_party_organization():
    ex = run("中共柳岸市青年商会支部委员会被评为“五星级党组织”。")
    assert any(n.endswith("青年商会党支部") for n in labels(ex, "PartyOrganization"))


# --- 4. generic, plural and partial mentions are not organizations ------------

def test_wholes_and_parts_of_a_set_are_not_units():
    ex = run("全市工商联系统推行“双向培养”工作法，部分中队长表示支持，松川县工商联党组牵头组建党建联盟。")
    orgs = labels(ex, *ORGS)
    assert not {"全市工商联", "部分中队", "党建联盟"} & orgs
    assert "松川县工商联党组" in orgs


def test_verbs_jieba_reads_as_nouns_do_not_open_a_name():
    ex = run("柳岸海关细化直属机关党委责任，建强党支部堡垒。")
    orgs = labels(ex, *ORGS)
    assert not any(n.startswith(("细化", "建强")) for n in orgs)


def test_age_group_words_stay_inside_a_name():
    ex = run("柳岸市青年商会党支部开展“商心向党”活动。")
    assert "柳岸市青年商会党支部" in labels(ex, "PartyOrganization")


def test_a_unit_word_of_another_kind_before_a_party_kind_is_generic():
    # 学校党支部 in an article about a 教育局: the branch of the school the text is on
    ex = run("松川县教育局打造“红烛”党建品牌。学校党支部推行“三学”工作法。")
    assert "学校党支部" not in labels(ex, *ORGS)
    assert not any(o == "学校党支部" for _, _, o in facts(ex, "hasBranch"))
    # and of the same kind, the text's own: 学校党支部 in an article about a school
    ex = run("松川县青禾小学打造“春苗”党建品牌。学校党支部推行“三学”工作法。")
    assert ("松川县青禾小学", "hasBranch", "松川县青禾小学党支部") in facts(ex)


def test_a_city_or_county_named_alone_is_a_place_not_an_actor():
    ex = run("柳岸市青禾小学党支部打造“春苗”党建品牌。松川县委组织部到柳岸市调研。")
    assert "柳岸市" not in labels(ex, *ORGS)
    assert ("柳岸市青禾小学党支部", "hasBrand", "春苗") in facts(ex)


def test_an_area_committee_is_not_a_branch_of_a_unit():
    ex = run("青禾建设集团党委认真落实柳岸市委部署，打造“青禾红”党建品牌。")
    assert not any(o.endswith("市委") for _, _, o in facts(ex, "hasBranch"))
    assert "柳岸" not in labels(ex, *ORGS)


# --- 10. coordinated and relative names ----------------------------------------

def test_the_second_branch_of_a_coordination_shares_the_first_ones_unit():
    ex = run("石湾车站客运系统党支部和行包系统党支部联合开展“双岗联动”活动。")
    assert {"石湾车站客运系统党支部", "石湾车站行包系统党支部"} <= labels(ex, "PartyOrganization")


def test_a_youth_league_branch_is_a_unit_not_a_party_organization():
    ex = run("青禾公司团支部开展青年读书会，青禾公司党委荣获先进基层党组织。")
    assert "青禾公司团支部" in labels(ex, "Organization")
    assert not any("团" in n for n in labels(ex, "PartyOrganization"))
    ex = run("青禾公司党委荣获全国五四红旗团支部、全国青年文明号等荣誉。")
    assert not any("团支部" in n for n in labels(ex, *ORGS))


def test_a_general_unit_word_stands_for_the_organization_of_its_kind():
    ex = run("柳岸市青禾小学坚持党建引领。学校党支部打造“春苗”党建品牌。")
    assert ("柳岸市青禾小学党支部", "hasBrand", "春苗") in facts(ex)


# --- 3. a quoted name and the kind phrase after it -----------------------------

def test_a_verb_inside_the_kind_phrase_does_not_make_it_a_clause():
    ex = run("松川县司法局推行“党员+律师”结对模式。")
    assert ("松川县司法局", "usesMethod", "党员+律师") in facts(ex)


def test_a_number_is_named_with_its_kind_phrase():
    ex = run("松川县司法局构建“1+N”联动服务模式，推行“1+N”党员联矫机制。")
    assert {"1+N联动服务模式", "1+N党员联矫机制"} <= labels(ex, "Method")


def test_the_head_of_the_kind_phrase_types_the_name():
    ex = run("松川供电所党支部制定“一线三联”党建工作思路，组建“红色哨兵”队伍，实施“暖心驿站”项目。")
    assert {"一线三联", "红色哨兵", "暖心驿站"} <= labels(ex, "Method")


# --- 9. 品牌 mixed with 工程 / 矩阵: the name's form decides -----------------------

def test_a_word_name_before_a_brand_programme_is_a_brand_a_numbered_one_a_method():
    ex = run("鹤岭化工集团全面实施“双领”党建品牌工程。")
    assert ("鹤岭化工集团", "hasBrand", "双领") in facts(ex)
    ex = run("东州移动公司打造“1+M”党建品牌矩阵。")
    assert "1+M" not in labels(ex, "Brand")
    assert any(m.startswith("1+M") for m in labels(ex, "Method"))


# --- 13/14. honours: triggers, spans and holders ------------------------------------

def test_honour_span_ends_with_its_clause_even_inside_a_quotation():
    ex = run("“今年我们又被评为先进基层党组织，这块奖牌还没有领回来。”青禾车间党支部书记说。")
    assert "先进基层党组织" in labels(ex, "Honour")
    assert not any("奖牌" in h for h in labels(ex, "Honour"))


def test_the_title_after_its_issuer():
    ex = run("青禾集团党支部荣获柳岸市委非公企业工委授予的柳岸市两新组织党建工作品牌单位。")
    assert "柳岸市两新组织党建工作品牌单位" in labels(ex, "Honour")


def test_honours_of_persons_and_rewards_of_money_are_not_a_units_honours():
    ex = run("该支部党员先后被评为“优秀共产党员”“优秀党务工作者”。县委对获得表彰的党组织分别给予10000元奖补。")
    assert not labels(ex, "Honour")


def test_more_triggers_and_a_list_closed_by_its_collective_noun():
    ex = run("在支部带动下，青禾医院被建设成苇塘省重点示范医院。")
    assert ("青禾医院", "achievesHonour", "苇塘省重点示范医院") in facts(ex)
    ex = run("青禾车间宣传栏里，全国工人先锋号、全国质量信得过班组、苇塘省模范职工之家等奖牌豁然在列。")
    assert {"全国工人先锋号", "全国质量信得过班组", "苇塘省模范职工之家"} <= labels(ex, "Honour")
    ex = run("要把基层党组织建设成为有效实现党的领导的坚强战斗堡垒。青禾车间获奖文件截图。")
    assert not labels(ex, "Honour")


def test_a_one_character_kind_inside_a_word_does_not_cut_a_chain():
    from kg.extract.orgs import split_units
    assert "青禾矿业松岭矿" not in split_units("青禾矿业松岭矿业公司")
    assert not any(u.endswith("街道部") for u in split_units("石湾街道部分学校"))


# --- 5. left edges ------------------------------------------------------------------

def test_a_verbal_noun_opening_the_clause_belongs_to_the_branch_name():
    ex = run("检测中心党支部开展“微光行动”主题党日活动。")
    assert "检测中心党支部" in labels(ex, "PartyOrganization")


def test_verb_phrases_and_each_x_are_no_names():
    ex = run("全体党员积极响应集团倡议，用心建强支部堡垒。每个楼栋党支部负责一栋楼的党员管理。")
    orgs = labels(ex, *ORGS)
    assert not {"积极响应集团", "用心建强党支部", "楼栋党支部"} & orgs


def test_a_full_company_name_is_kept_without_a_fact():
    ex = run("松川交通中心与柳岸高速公路有限公司、梅山运营管理有限公司签订党建共建协议。")
    assert {"柳岸高速公路有限公司", "梅山运营管理有限公司"} <= labels(ex, "Organization")


# --- 1/2. lists: the kind after a list, the owner before each item ---------------------

def test_a_list_closed_by_an_unusual_brand_kind():
    ex = run("青禾集团深耕“云帆”品牌，带动“晨光号”“石榴籽”“铁算子”等分品牌竞相绽放。")
    assert {"云帆", "晨光号", "石榴籽", "铁算子"} <= labels(ex, "Brand")


def test_each_item_of_a_list_binds_to_the_owner_word_before_it():
    ex = run("目前，石湾镇已形成团委“青苗成长”、妇联“巾帼课堂”、科协“智汇先锋”三个群团品牌。")
    assert {("石湾镇团委", "hasBrand", "青苗成长"), ("石湾镇妇联", "hasBrand", "巾帼课堂"),
            ("石湾镇科协", "hasBrand", "智汇先锋")} <= facts(ex)


# --- 3/11/12. quoted names framed by a verb or a descriptive activity ----------------------

def test_a_descriptive_activity_phrase_and_setting_up_verbs_make_methods():
    ex = run("松川县检察院党组制定“融评议”方案，并开展“书香润心”经典诵读进社区活动。")
    assert {"融评议", "书香润心"} <= labels(ex, "Method")
    ex = run("松川县检察院党组组建“法润小分队”，设立“光荣墙”和“积分超市”。")
    assert {"法润小分队", "光荣墙", "积分超市"} <= labels(ex, "Method")
    assert ("松川县检察院党组", "usesMethod", "法润小分队") in facts(ex)


def test_contests_and_descriptors_are_not_methods():
    ex = run("青禾公交公司每年开展“公共交通服务”征求意见活动。梅山镇积极探索“共享式”发展路径，建设“学习型”机关。")
    assert not {"公共交通服务", "共享式", "学习型"} & labels(ex, "Method", "Brand")


# --- 7. issuers are not holders ---------------------------------------------------------

def test_the_organization_right_before_a_title_after_the_trigger_is_its_issuer():
    ex = run("石湾供电局党委多年深耕基层党建，今年荣获东州电网公司首批“标杆党委”称号。")
    assert ("石湾供电局党委", "achievesHonour", "标杆党委") in facts(ex)
    assert ("东州电网公司", "achievesHonour", "标杆党委") not in facts(ex)
    ex = run("柳岸市委授予青禾公司党委“先进基层党组织”称号。")
    assert ("青禾公司党委", "achievesHonour", "先进基层党组织") in facts(ex)


# --- 14/15/16. honour spans, naming frames, unquoted carriers -----------------------

def test_honour_heads_of_star_ratings_and_counts_after_a_title():
    ex = run("梅山收费站党支部被评为梅山市五星服务站，是全市唯一获此殊荣的单位。")
    assert ("梅山收费站党支部", "achievesHonour", "梅山市五星服务站") in facts(ex)
    assert not any("殊荣" in h for h in labels(ex, "Honour"))
    ex = run("石湾所党委再接再厉，今年获得标杆品牌2个。")
    assert "标杆品牌" in labels(ex, "Honour")


def test_brands_named_by_a_naming_frame_or_in_book_title_brackets():
    ex = run("支部大会表决通过，松川远洋公司党支部的品牌名称定为“扬帆逐浪 向海而兴”。")
    assert ("松川远洋公司党支部", "hasBrand", "扬帆逐浪 向海而兴") in facts(ex)
    ex = run("岚溪区法院申报的《守正护航 勇立潮头》党建品牌入选全省政法系统优秀品牌案例。")
    assert ("岚溪区法院", "hasBrand", "守正护航 勇立潮头") in facts(ex)
    assert ("守正护航 勇立潮头", "achievesHonour", "全省政法系统优秀品牌案例") in facts(ex)


def test_a_name_framed_as_what_stands_as_a_brand():
    ex = run("“红帆”作为青禾集团党委的特色品牌入选全省国企党建案例。")
    assert ("青禾集团党委", "hasBrand", "红帆") in facts(ex)
    assert ("红帆", "achievesHonour", "全省国企党建案例") in facts(ex)
    # what brand-making is about is not a brand
    ex = run("机关党支部把“服务中心，建设队伍”作为创建品牌的重点。")
    assert not labels(ex, "Brand")


def test_unquoted_teams_posts_and_schemes_of_party_members():
    ex = run("汛期里，党员护路队连夜排查隐患，党员示范哨守在收费广场疏导车流。")
    assert {"党员护路队", "党员示范哨"} <= labels(ex, "Method")
    ex = run("梅山公路分公司党委推行党员星级积分制，党员队伍不断壮大。")
    assert ("梅山公路分公司党委", "usesMethod", "党员星级积分制") in facts(ex)
    assert not any(m.startswith("党员队") for m in labels(ex, "Method"))


# --- 20. quotation marks inside or around a branch's name ---------------------------------

def test_a_quoted_branch_name_or_a_quoted_infix_before_the_kind():
    ex = run("松川县成立“护企先锋临时党支部”，柳岸区“小个体”党委正式挂牌成立。苇塘地铁9-2项目党员组成“追光”党支部。")
    assert {"护企先锋临时党支部", "柳岸区小个体党委", "追光党支部"} <= labels(ex, "PartyOrganization")
    ex = run("青禾中心坚持把“五星”支部创建作为重要抓手。")
    assert not any("五星" in n for n in labels(ex, *ORGS))


# --- 17. organizations named without a kind word ----------------------------------------

def test_a_proper_name_and_a_line_of_business_name_a_company():
    from kg.extract.orgs import is_kindless_org
    assert is_kindless_org("松岭能源") and is_kindless_org("苇塘交投")
    assert not is_kindless_org("新能源") and not is_kindless_org("党建")
    ex = run("苇塘交投鹤岭收费所党支部打造“畅行360”党建工作品牌。")
    assert any(s == "苇塘交投" for s, p, _ in facts(ex) if p in ("hasUnit", "hasBranch"))
    ex = run("近日，松岭高速石湾分公司青禾收费站被授予“五星”党支部称号。")
    assert ("松岭高速", "hasUnit", "石湾分公司") in facts(ex)


def test_a_kindless_prefix_of_a_branch_is_no_unit_however_often_it_is_named():
    # 平川大道 is named alone again and again (a road the branch builds), not a company
    ex = run("松川路桥公司承建平川大道。平川大道党支部打造“筑路先锋”品牌。平川大道全长十公里，平川大道年底通车。")
    assert "平川大道" not in labels(ex, *ORGS)
    assert "平川大道党支部" in labels(ex, "PartyOrganization")


def test_a_party_body_named_by_common_words_alone_is_not_placed_under_the_text_organization():
    # 网格党小组, 行业党委: a kind of body, not one the text says belongs to the community
    ex = run("松川县青禾社区打造“红邻”品牌。网格党小组每周走访居民，行业党委统筹推进。")
    assert not facts(ex, "hasBranch")
    # and, taking part in no fact, they are no entities either: their names say no one's
    assert not {"网格党小组", "行业党委"} & labels(ex, *ORGS)
    ex = run("松川县青禾社区打造“红邻”品牌。柳岸县北方物业党支部、梅山市委也来参观。")
    assert {"柳岸县北方物业党支部", "梅山市委"} <= labels(ex, *ORGS)
    # a branch named relative to it still is (机关党支部 of the text's organization)
    ex = run("松川县青禾社区打造“红邻”品牌。机关党支部每周走访居民。")
    assert ("松川县青禾社区", "hasBranch", "松川县青禾社区机关党支部") in facts(ex)


def test_a_company_name_holds_a_quality_word_before_what_it_makes():
    ex = run("链上的青禾电子科技有限公司、梅山精密制造有限公司等企业参与共建。")
    assert {"青禾电子科技有限公司", "梅山精密制造有限公司"} <= labels(ex, *ORGS)


def test_a_kindless_company_named_alone_once_the_text_has_named_its_unit():
    # the head of 青禾移动东州公司 is an organization where it stands on its own
    ex = run("青禾移动在全省推开“红讯暖心”主题活动，青禾移动东州公司随即成立“红讯先锋”服务专班。")
    assert ("青禾移动", "usesMethod", "红讯暖心") in facts(ex)
    assert ("青禾移动", "hasUnit", "东州公司") in facts(ex)
    # not a Party organization's own unit (its prefix), nor inside another word
    ex = run("松川县教育部门打造“红烛”品牌。松川县教育局党组推行“三学”工作法。")
    assert "松川县教育" not in labels(ex, *ORGS)


def test_words_between_a_place_and_the_unit_kind_are_the_units_name():
    ex = run("柳岸县北方物业党支部与岚溪区卫生健康和体育局党委开展联学。")
    orgs = labels(ex, *ORGS)
    assert {"柳岸县北方物业党支部", "岚溪区卫生健康和体育局党委"} <= orgs


def test_the_owner_named_right_before_a_method_holds_it():
    ex = run("松川公路中心养护党支部结合柳岸市公路中心“六项工程”，开展“领题解题”活动。")
    assert ("柳岸市公路中心", "usesMethod", "六项工程") in facts(ex)


def test_the_owner_named_right_before_a_brand_holds_it_though_it_is_the_object():
    ex = run("青禾公司机关党支部结合柳岸集团党委“同心圆”党建品牌建设要求，开展“三学”活动。")
    assert ("柳岸集团党委", "hasBrand", "同心圆") in facts(ex)


def test_an_owner_in_brackets_after_each_quoted_brand():
    ex = run("在全市医院党建品牌评比中，“杏林微光”（松川县人民医院）获一等奖，"
             "“护心驿站”（柳岸市妇幼保健院）与“银龄守护”（梅山区中医院）同获二等奖。")
    assert {("松川县人民医院", "hasBrand", "杏林微光"), ("柳岸市妇幼保健院", "hasBrand", "护心驿站"),
            ("梅山区中医院", "hasBrand", "银龄守护"), ("护心驿站", "achievesHonour", "二等奖"),
            ("银龄守护", "achievesHonour", "二等奖")} <= facts(ex)


# --- 10. names relative to the text's organization -----------------------------------------

def test_our_units_and_numbered_units_belong_to_the_organization_of_the_text():
    ex = run("柳岸市第三人民医院讯 我院外科第二党支部近日获评市级“五过硬”党支部。")
    assert ("柳岸市第三人民医院", "hasBranch", "柳岸市第三人民医院外科第二党支部") in facts(ex)
    ex = run("松川市税务局坚持党建引领。二所党支部获评松川市税务系统“十佳先锋支部”。")
    assert ("松川市税务局二所党支部", "achievesHonour", "十佳先锋支部") in facts(ex)


def test_a_verb_naming_a_units_work_inside_a_long_unit_name():
    ex = run("青禾石化质量管理中心分析二车间党支部坚持把党建与中心业务相融合。")
    assert ("青禾石化质量管理中心", "hasBranch", "分析二车间党支部") in facts(ex)


# --- 19. containment stated by a verb, and its absence ------------------------------------

def test_units_listed_after_xiashe_are_contained_members_of_an_alliance_are_not():
    ex = run("青禾集团党委下设港务党总支、财务部党支部和仓储公司党支部。")
    assert {("青禾集团党委", "hasBranch", "港务党总支"), ("青禾集团党委", "hasBranch", "财务部党支部"),
            ("青禾集团党委", "hasBranch", "仓储公司党支部")} <= facts(ex)
    ex = run("联盟成员包括石湾港务公司、石湾海事处和石湾边检站。")
    assert not facts(ex, "hasUnit")


# --- 9/12. goals, ideas and paths ------------------------------------------------------

def test_goals_and_effects_are_not_practices_a_stepwise_path_is():
    ex = run("柳岸市商务局提出“规划引航”品牌，为柳岸市“两区一城”目标服务，发挥支部“强磁极”作用。")
    assert labels(ex, "Brand") == {"规划引航"}
    assert not {"两区一城", "强磁极"} & labels(ex, "Method")
    ex = run("东州移动公司形成了“两步走”支部品牌建设路径。")
    assert "两步走" in labels(ex, "Method") and "两步走" not in labels(ex, "Brand")


def test_a_title_conferred_on_a_list_of_units_and_a_persons_title():
    ex = run("近日，松岭高速石湾分公司青禾收费站、柳岸分公司白河收费站被授予“五星”党支部称号。")
    assert {("青禾收费站", "achievesHonour", "五星党支部"), ("白河收费站", "achievesHonour", "五星党支部")} <= facts(ex)
    ex = run("青禾社工中心党总支书记陈某某被柳岸市社会组织党委评为“优秀共产党员”。")
    assert not facts(ex, "achievesHonour")


def test_a_branchs_own_words_after_its_unit():
    ex = run("青禾市疾病预防控制中心预防三党支部坚持把“五星”支部创建作为重要抓手。青禾医院实行党委领导下的院长负责制。")
    parties = labels(ex, "PartyOrganization")
    assert any(n.endswith("预防三党支部") and n.startswith("青禾市") for n in parties)
    assert not any("实行" in n for n in parties)


def test_a_quoted_name_joining_two_things_with_a_plus_is_a_method():
    ex = run("青禾发电厂创新实施“党小组+”形式，推行“党小组+支委”“党小组+点评”，与柳岸大学开展“医院+高校”共建。")
    assert {"党小组+", "党小组+支委", "党小组+点评", "医院+高校"} <= labels(ex, "Method")


def test_a_title_quoted_after_a_trigger_needs_no_honour_word():
    ex = run("青禾派出所2023年获评全省“桃溪式公安派出所”，并把“领题解题”作为工作清单。")
    assert ("青禾派出所", "achievesHonour", "桃溪式公安派出所") in facts(ex)
    ex = run("青禾支部把平交道口整治工程作为“领题解题”工作清单内容。")
    assert not labels(ex, "Honour")
    ex = run("青禾社区荣获全省平安和谐社区称号。")
    assert ("青禾社区", "achievesHonour", "全省平安和谐社区") in facts(ex)


# --- the position index of mentions (linear time on long documents) ------------------------

from hypothesis import given, settings, strategies as st  # noqa: E402


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 200), st.integers(1, 40), st.sampled_from(["Brand", "Method"])),
                max_size=30),
       st.integers(0, 240), st.integers(1, 30), st.data())
def test_overlap_and_within_queries_agree_with_a_scan(spans, qs, ql, data):
    from kg.extract.mentions import Mention, Parse
    doc = document_from_text("甲" * 300, id="t", source="t.txt", file_name="t.txt")
    p = Parse(doc)
    ms = [p.add(Mention(t, "x", s, s + n, "test")) for s, n, t in spans]
    for m in ms[::3]:
        p.remove(m)
    live = [m for m in ms if m in p.mentions]
    qe = qs + ql
    hit = p.overlaps(qs, qe, ("Brand",))
    brute = [m for m in live if m.type == "Brand" and m.start < qe and qs < m.end]
    assert (hit is None) == (not brute) and (hit is None or hit in brute)
    assert {id(m) for m in p.within(qs, qe)} == {id(m) for m in live if qs <= m.start and m.end <= qe}


# --- 8. the topic moves with the subject of a clause, not with every name -------------------

def test_a_unit_named_in_passing_does_not_take_the_methods_that_follow():
    ex = run("青禾公司党委坚持党建引领，与柳岸银行党支部签订共建协议。推行“三联三促”工作法，打造“青禾红”党建品牌。")
    assert ("青禾公司党委", "usesMethod", "三联三促工作法") in facts(ex)
    assert ("青禾公司党委", "hasBrand", "青禾红") in facts(ex)
    ex = run("青禾公司党委坚持党建引领。此外，该院第一党总支开展“微心愿”活动。")
    assert any(s.endswith("第一党总支") for s, _, o in facts(ex, "usesMethod") if o == "微心愿")


def test_a_brands_owner_is_its_clauses_subject_or_the_owner_right_before_it():
    ex = run("青禾公司党委联合柳岸银行，打造“青禾红”党建品牌。")
    assert ("青禾公司党委", "hasBrand", "青禾红") in facts(ex)
    ex = run("松川市法院“法润松川”、松川市水利局“清流润民”入选优秀党建品牌。")
    assert {("松川市法院", "hasBrand", "法润松川"), ("松川市水利局", "hasBrand", "清流润民")} <= facts(ex)
    ex = run("青禾车间党支部联合柳岸银行开展共建，先后荣获“全省文明单位”称号。")
    assert ("青禾车间党支部", "achievesHonour", "全省文明单位") in facts(ex)


def test_a_name_after_undecodable_characters_is_not_taken_whole():
    ex = run("“暖阳工作室”（??腋蒴区法院）特色品牌获得优秀奖。")
    assert not any("法院" in n for n in labels(ex, *ORGS))
    ex = run("如何做好服务？松川县法院党组推出“法暖民心”品牌。")
    assert ("松川县法院党组", "hasBrand", "法暖民心") in facts(ex)


def test_an_explanation_in_brackets_between_a_name_and_its_kind_is_read_past():
    ex = run("青禾社区党支部打造了“五心”（红心、连心、用心、暖心、融心）党建品牌。")
    assert ("青禾社区党支部", "hasBrand", "五心") in facts(ex)


def test_a_sub_unit_is_the_texts_organizations_only_when_it_acts():
    ex = run("青禾高速公司坚持党建引领。白河收费站推行“微笑服务”。记者在松岭收费站看到车流顺畅。")
    assert ("青禾高速公司", "hasUnit", "白河收费站") in facts(ex)
    assert ("青禾高速公司", "hasUnit", "松岭收费站") not in facts(ex)


def test_a_code_inside_a_unit_name_and_a_quoted_title_is_no_branch():
    ex = run("苇塘地铁9-2项目党员组成“追光”党支部。松川2-2分部首次获评“五星级党支部”。")
    assert {"苇塘地铁9-2项目", "松川2-2分部"} <= labels(ex, "Organization")
    assert "五星级党支部" not in labels(ex, "PartyOrganization")
    assert ("松川2-2分部", "achievesHonour", "五星级党支部") in facts(ex)


def test_a_name_before_de_and_its_kind_phrase_and_more_frames_after_a_name():
    ex = run("松川保险协会逐渐摸索出了“三个结合”的党建工作思路，以“1+7+N”为模式推进工作。")
    assert {"三个结合", "1+7+N"} <= {m for m in labels(ex, "Method")} | {a for (t, l), e in ex.entities.items()
                                                                            if t == "Method" for a in e.alt_labels}


def test_a_list_of_named_programmes_after_kaizhan():
    ex = run("青禾社工中心党总支开展流浪人员外展救助项目、长者防跌支援计划、“青苗心田”社区公益农田项目等服务。")
    assert {"流浪人员外展救助项目", "长者防跌支援计划"} <= labels(ex, "Method")


def test_enumeration_markers_quantifiers_and_selves_name_nothing():
    ex = run("二是支部创新学党史。石湾街道部分学校前来观摩。二十所学校均已形成各自品牌文化。")
    orgs = labels(ex, *ORGS)
    assert not any(n.startswith("二是") or "部分" in n for n in orgs)
    assert "各自" not in labels(ex, "Brand")


def test_a_set_phrase_between_a_place_and_its_unit_kind_is_the_units_own_name():
    ex = run("近年来，青禾县社会工作服务中心党支部打造“暖心驿站”党建品牌。")
    assert ("青禾县社会工作服务中心党支部", "hasBrand", "暖心驿站") in facts(ex)
    assert "服务中心党支部" not in labels(ex, *ORGS)


def test_a_branch_named_with_the_main_organizations_short_name_is_its_own():
    ex = run("华曜钢铁集团深化党建工作。华曜股份炼铁总厂党委打造“炉火红”党建品牌。")
    assert ("华曜钢铁集团", "hasBranch", "华曜股份炼铁总厂党委") in facts(ex)
    ex = run("华曜离合器股份有限公司深化党建工作。华曜生产制造部党支部打造“精工”党建品牌。")
    assert ("华曜离合器股份有限公司", "hasBranch", "华曜生产制造部党支部") in facts(ex)


def test_a_sister_company_in_another_place_is_not_a_unit_of_the_main_one():
    ex = run("华曜松川供电公司深化党建工作。华曜松川供电公司召开会议。华曜青州供电公司党委打造“光明”党建品牌。")
    assert ex.entities.get(("PartyOrganization", "华曜青州供电公司党委"))
    assert not any(p in ("hasBranch", "hasUnit") and s == "华曜松川供电公司" for s, p, o in facts(ex))


def test_a_year_before_a_generic_branch_word_names_no_branch():
    ex = run("青禾集团通报2023年度基层党支部评星定级结果。")
    assert not any("基层党支部" in label for label in labels(ex, *ORGS))


def test_a_joint_branch_and_a_one_character_unit_kind_before_a_branch():
    ex = run("浙西律师事务所联合党支部成立于2019年，获评“五星级基层党组织”。")
    assert ("浙西律师事务所联合党支部", "achievesHonour", "五星级基层党组织") in facts(ex)
    ex = run("永西所党支部成立于2018年，打造“法韵”党建品牌。")
    assert ("永西所党支部", "hasBrand", "法韵") in facts(ex)


def test_a_brand_word_right_before_a_quoted_name_makes_it_a_brand():
    ex = run("松川站党总支积极探索。该站借助党内品牌“铁马先锋”工作室平台，到先进班组观摩学习。")
    assert ("松川站党总支", "hasBrand", "铁马先锋") in facts(ex)
    ex = run("松川站党总支确保党建品牌“立起来、活起来、用起来”。")
    assert not labels(ex, "Brand")


def test_a_portrait_heading_and_honours_shown_on_a_wall():
    ex = run("党建引领发展——记华曜生产制造部党支部\n华曜生产制造部党支部打造“精工”品牌。")
    assert "华曜生产制造部党支部" in labels(ex, *ORGS)
    assert not any(label.startswith("记") for label in labels(ex, *ORGS))
    ex = run("青禾站党支部的荣誉墙上挂着全国工人先锋号、松川省模范职工之家等奖牌。")
    assert {"全国工人先锋号", "松川省模范职工之家"} <= labels(ex, "Honour")


def test_entries_of_a_contest_with_their_owners_in_brackets_are_brands():
    ex = run("本次评比中，“晨露”（青禾县第二医院）获一等奖，“暖阳”（松川县妇幼保健院）与“银杏”（柳岸区中医院）同获二等奖。")
    f = facts(ex)
    assert {("青禾县第二医院", "hasBrand", "晨露"), ("松川县妇幼保健院", "hasBrand", "暖阳"),
            ("柳岸区中医院", "hasBrand", "银杏")} <= f
    assert {("晨露", "achievesHonour", "一等奖"), ("暖阳", "achievesHonour", "二等奖"),
            ("银杏", "achievesHonour", "二等奖")} <= f


def test_the_parts_a_method_is_made_of_are_methods():
    ex = run("“邻里三宝工作法”由“红色哨所”“红色书房”“红色邻里”三部分组成。")
    assert {"红色哨所", "红色书房", "红色邻里"} <= labels(ex, "Method")
    ex = run("松川社区党委形成了以“红色哨所”、“红色书房”为一体的“邻里两宝工作法”。")
    assert ("松川社区党委", "usesMethod", "红色书房") in facts(ex)
    ex = run("松川社区党委推行“邻里工作法”，由专人负责。")
    assert labels(ex, "Method") == {"邻里工作法"}


def test_a_verbs_complement_glued_to_the_name_after_it_is_cut():
    ex = run("评审组共评定出柳岸区财政局机关党委“精打细算”等8个星级党建品牌。")
    assert "柳岸区财政局机关党委" in labels(ex, *ORGS)
    assert not any(label.startswith("出") for label in labels(ex, *ORGS))


def test_honours_joined_by_he_counted_lists_and_quoted_ratings():
    ex = run("青禾站党支部荣获五星级党支部示范点和先进基层党组织等荣誉称号。")
    assert {"五星级党支部示范点", "先进基层党组织"} <= labels(ex, "Honour")
    ex = run("青禾社区荣获和谐社区示范点称号。")
    assert labels(ex, "Honour") == {"和谐社区示范点"}
    ex = run("青禾站党支部先后获全国文明单位、全国工人先锋号等70余项国家级荣誉。")
    assert labels(ex, "Honour") == {"全国文明单位", "全国工人先锋号"}
    ex = run("青禾站党支部被评为“优秀”等次。")
    assert ("青禾站党支部", "achievesHonour", "优秀") in facts(ex)


def test_words_after_the_last_of_quoted_ratings_are_said_of_every_one():
    ex = run("青禾站党支部被评为“优秀”、“标兵”、“红旗”党支部称号，并受到表彰。")
    assert labels(ex, "Honour") == {"优秀", "标兵", "红旗"}


def test_spaces_around_the_quotation_marks_are_read_past():
    ex = run("青禾站党支部以 “和美・青禾” 党建品牌为统领，打造   “暖心”\u3000品牌。")
    assert {("青禾站党支部", "hasBrand", "和美・青禾"), ("青禾站党支部", "hasBrand", "暖心")} <= facts(ex)


def test_the_bodies_that_confer_an_honour_are_not_what_the_text_is_about():
    ex = run("2022年，青禾站党支部被松川市委宣传部、松川市文明办评为文明单位。")
    assert not any(p == "hasBranch" and s.startswith("松川") for s, p, o in facts(ex))
    assert ("青禾站党支部", "achievesHonour", "文明单位") in facts(ex)


def test_a_quoted_name_a_practice_verb_puts_into_practice_ending_its_clause():
    ex = run("青禾站党支部组织开展“党员先锋周”，深化理论学习。")
    assert ("青禾站党支部", "usesMethod", "党员先锋周") in facts(ex)
    ex = run("青禾站党支部创设的“红色驿路”服务模式广受好评。")
    assert "红色驿路" in labels(ex, "Method") | {a for e in ex.entities.values() for a in e.alt_labels}


def test_a_party_organization_named_inside_another_ones_name_is_its_parent():
    ex = run("青禾县交通局党总支第一党支部打造“路畅”品牌，获评先进基层党组织。")
    f = facts(ex)
    assert ("青禾县交通局党总支", "hasBranch", "青禾县交通局党总支第一党支部") in f
    assert ("青禾县交通局党总支第一党支部", "hasBrand", "路畅") in f
    # the honour goes to the branch or to its brand (the two stand for each other)
    assert {("青禾县交通局党总支第一党支部", "achievesHonour", "先进基层党组织"),
            ("路畅", "achievesHonour", "先进基层党组织")} & f
    assert not any(s == "青禾县交通局党总支" and p != "hasBranch" for s, p, o in f)


def test_a_branch_of_a_unit_inside_the_unit_of_a_higher_body_is_under_that_body():
    ex = run("华曜集团有限公司青州分公司党总支部召开会议。青州分公司营业部党支部打造“暖心”品牌。")
    assert ("青州分公司党总支", "hasBranch", "青州分公司营业部党支部") in facts(ex)
    ex = run("青州分公司党支部召开会议。青州分公司营业部党总支打造“暖心”品牌。")
    assert not any(p == "hasBranch" and o == "青州分公司营业部党总支" and s.endswith("党支部") for s, p, o in facts(ex))


def test_units_inside_courts_banks_and_procuratorates_are_sub_units():
    ex = run("青禾县人民检察院深化党建。驻松林镇检察室打造“法润乡村”品牌。")
    assert ("青禾县人民检察院", "hasUnit", "驻松林镇检察室") in facts(ex)
    ex = run("华曜银行青禾分行深化党建。松林支行打造“暖心金融”品牌。")
    assert any(p == "hasUnit" and o == "松林支行" and s.startswith("华曜银行") for s, p, o in facts(ex))


def test_the_words_right_before_zhen_or_xiang_are_the_places_own_name():
    ex = run("近日，松川市八都镇青山村党支部打造“枫红”品牌。")
    assert ("松川市八都镇青山村党支部", "hasBrand", "枫红") in facts(ex)


def test_a_name_without_place_or_parent_is_a_node_of_its_document_only():
    from kg.graph.build import GraphBuilder, doc_result
    from kg.ingest import document_from_text
    b = GraphBuilder()
    for i, text in enumerate(["公司党委推行“三查”工作法。", "公司党委推行“四访”工作法。"]):
        doc = document_from_text(text, id=f"d{i}", source=f"d{i}.txt", file_name=f"d{i}.txt")
        b.add(doc_result(doc, extract(doc)))
    g = b.graph()
    from kg.vocab import DJ
    from rdflib import RDF
    parties = set(g.subjects(RDF.type, DJ.PartyOrganization))
    assert len(parties) == 2 and all("/d0/" in str(x) or "/d1/" in str(x) for x in parties)


def test_a_brand_of_nobody_named_is_not_stated():
    ex = run("近年来，“丝路小镇”党建品牌越叫越响。")
    assert not labels(ex, "Brand") and not facts(ex, "hasBrand")
    ex = run("负责人讲述了“守心”的由来。今年来，全体党员将“五型党支部”建设不断内化，打造了“守心”特色品牌。")
    assert not labels(ex, "Brand") and not any(s == "守心" for s, p, o in facts(ex))
    ex = run("青禾村党支部打造“丝路小镇”党建品牌。")
    assert ("青禾村党支部", "hasBrand", "丝路小镇") in facts(ex)


def test_a_name_after_a_bullet_or_an_enumeration_mark_opens_its_clause():
    for mark in ("• ", "1. ", "（二）", "三、"):
        ex = run(f"青禾集团推进党建。\n{mark}青禾燃气公司党委认真贯彻集团要求，坚持以“党建引领+服务群众”工作格局为指引。")
        assert ("青禾燃气公司党委", "usesMethod", "党建引领+服务群众") in facts(ex), mark


def test_a_bare_unit_word_before_a_party_kind_names_the_organization_of_the_text():
    ex = run("松川县交通运输局扎实推进党建工作。局党委打造“路畅”党建品牌。")
    assert ("松川县交通运输局党委", "hasBrand", "路畅") in facts(ex)


def test_a_party_committees_departments_are_not_the_committee():
    ex = run("2个基层党组织被青禾市委统战部、松川区委网信办评为先进。青禾县委部署了工作。")
    orgs = labels(ex, *ORGS)
    assert "青禾市委" not in orgs and "松川区委" not in orgs


# --- 3/16. a quoted name that ends in its own 法; a numbered name before its layout -----------

def test_a_quoted_name_ending_in_fa_is_a_method():
    # 标准化、项目化“两化推进法”: descriptors before, no kind word after; the 法 names it
    ex = run("梅山镇党委通过标准化、项目化“两化推进法”，提升村级组织力。")
    assert ("梅山镇党委", "usesMethod", "两化推进法") in facts(ex)
    # a common 法 word is no name: “科学方法”, “依规办法”
    ex = run("梅山镇党委总结“科学方法”，印发“依规办法”。")
    assert not labels(ex, "Method")


def test_a_numbered_name_before_the_layout_it_draws_is_a_method():
    ex = run("柳岸镇党委形成“一核三带多点”镇域党建地图。")
    assert ("柳岸镇党委", "usesMethod", "一核三带多点") in facts(ex)
    # a plain word before a map is a place or a route, not a practice
    ex = run("柳岸镇党委绘制“青禾”旅游地图。")
    assert "青禾" not in labels(ex, "Method")
