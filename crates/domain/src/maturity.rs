//! 企业安全生产成熟度评估 (pilot, plan 二(二)3 “试点推行企业成熟度评估”).
//!
//! A static questionnaire of seven dimensions (领导作用, 责任体系, 风险管控, 隐患治理,
//! 教育培训, 应急管理, 安全文化), each question with five observable level descriptors
//! from 1 起步级 (reactive: safety happens after an incident or an inspection) to 5 卓越级
//! (self-improving: the enterprise finds and fixes its own weaknesses), after the
//! elements of 安全生产标准化 and the safety-culture maturity ladders (Bradley curve,
//! Hudson ladder), written for commerce: malls, supermarkets, markets, exhibition
//! venues, restaurants, fuel retailers.
//!
//! The enterprise answers each question with a level ([`Answers`]), saves partial
//! answers, submits a complete set ([`check_answers`]); the district or the bureau
//! reviews, replacing levels it finds too high ([`merge_review`]), or returns it
//! ([`maturity_next`]). Scores: a dimension's level is the mean of its answered
//! questions, the overall level the mean of the dimensions' levels
//! ([`dimension_scores`], [`overall_level`]).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::accountability::coded_enum;
use crate::validate::{FieldError, Validator};

/// The five levels with their labels.
pub const LEVELS: [(u8, &str); 5] = [
    (1, "起步级"),
    (2, "发展级"),
    (3, "规范级"),
    (4, "优良级"),
    (5, "卓越级"),
];

/// The lowest and highest level.
pub const MIN_LEVEL: u8 = 1;
pub const MAX_LEVEL: u8 = 5;
/// Longest note on one answer (characters).
pub const NOTE_MAX: usize = 500;

/// `起步级` … `卓越级`; an empty string for a level outside 1..=5.
pub fn level_label(level: u8) -> &'static str {
    LEVELS
        .iter()
        .find(|(l, _)| *l == level)
        .map(|(_, s)| *s)
        .unwrap_or("")
}

/// The whole questionnaire (`GET /api/maturity/questionnaire`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Questionnaire {
    pub dimensions: Vec<Dimension>,
    /// The five levels with their labels (the same as [`LEVELS`]).
    pub levels: Vec<LevelLabel>,
}

/// A level and its label: `{level: 3, label: "规范级"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct LevelLabel {
    pub level: u8,
    pub label: String,
}

/// One dimension (`leadership` 领导作用) with its questions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Dimension {
    pub key: String,
    pub label: String,
    pub questions: Vec<Question>,
}

/// One question (`leadership.1`) with what each level looks like.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Question {
    pub key: String,
    pub text: String,
    /// Levels 1..=5 in order.
    pub levels: Vec<LevelDescriptor>,
}

/// What a reviewer sees on site or in anzhi at this level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct LevelDescriptor {
    pub level: u8,
    pub descriptor: String,
}

type QuestionData = (&'static str, [&'static str; 5]);

/// (key, label, questions as (text, descriptors of levels 1..=5)).
const DATA: &[(&str, &str, &[QuestionData])] = &[
    (
        "leadership",
        "领导作用",
        &[
            (
                "主要负责人履行安全生产第一责任人职责",
                [
                    "主要负责人的安全生产职责没有写入文件，只在发生事故或上级检查前才过问安全工作。",
                    "主要负责人职责已写入文件，但只在节假日前或检查前召开安全会议，会议记录零散不全。",
                    "主要负责人每季度至少主持一次安全生产会议，会议纪要写明议题、责任人和完成时限。",
                    "主要负责人每月主持安全例会，上次会议的决定事项在下次会议上逐项核对销号。",
                    "主要负责人定期听取一线员工和商户的安全意见并据此调整工作重点，会议决定事项的闭环情况可在台账中逐项查到。",
                ],
            ),
            (
                "安全生产投入保障",
                [
                    "没有安全投入计划，灭火器、应急照明等损坏后靠临时报销更换，常有拖延。",
                    "有年度安全费用预算，但没有明细和使用台账，多在问题暴露后才追加。",
                    "年度安全投入计划列明项目和金额，使用台账与发票、合同可以逐项核对。",
                    "安全投入按风险评估结果排出先后安排，年终对投入效果有书面评估。",
                    "安全投入依据隐患和风险数据动态调整，近三年的投入及其降低风险的成效有数据可查。",
                ],
            ),
            (
                "领导带班和现场检查",
                [
                    "负责人很少到经营现场，夜间和节假日营业期间无人带班。",
                    "有领导值班表，但带班检查记录缺失或与值班表对不上。",
                    "节假日、大型促销和展会期间落实领导带班，检查记录有带班领导签字。",
                    "负责人定期到仓库、后厨、配电房、加油区等重点部位检查，发现的问题当场交办并限期整改。",
                    "负责人带班检查发现的问题都在系统中登记并跟踪到销号，抽问员工能说出领导近期检查的重点。",
                ],
            ),
            (
                "安全生产承诺和年度目标",
                [
                    "未签订年度安全生产承诺，也没有安全工作目标。",
                    "签订了承诺书但未公告，目标笼统，员工不了解内容。",
                    "年度承诺按期签订并在经营场所和系统中公告，目标有可考核的指标。",
                    "安全目标分解到部门、班组和主要商户，每季度检查完成情况并公示。",
                    "目标完成情况与绩效考核挂钩，未达标的部门有书面整改措施，承诺公告连续按期发布。",
                ],
            ),
            (
                "落实专项整治部署",
                [
                    "对商务部门部署的专项整治任务不了解，经多次催办才回应。",
                    "能按要求报送材料，但内容多为应付，与现场实际不符。",
                    "专项整治任务有专人负责，按时限报送自查和整改情况。",
                    "结合本企业实际把整治任务细化成清单，逐项推进并主动报告进展。",
                    "在完成部署任务之外主动总结经验做法，被推荐为典型或在行业会议上交流。",
                ],
            ),
        ],
    ),
    (
        "responsibility",
        "责任体系",
        &[
            (
                "全员安全生产责任制",
                [
                    "没有书面的岗位安全责任制，员工说不清自己的安全职责。",
                    "有责任制文本但照搬模板，没有覆盖收银、保洁、后厨、保安等实际岗位。",
                    "全员安全生产责任制覆盖所有岗位并经员工签字确认，在岗位上张贴。",
                    "每年考核责任制的落实情况，考核结果与奖惩挂钩并有记录。",
                    "责任制随组织架构和业态调整及时修订，抽问一线员工都能准确说出本岗位职责和应急处置要点。",
                ],
            ),
            (
                "安全管理机构和人员",
                [
                    "未设安全管理机构或人员，安全工作由行政、后勤人员顺带兼顾。",
                    "指定了兼职安全管理人员，但未经培训，工作内容不固定。",
                    "按规定设置安全管理机构或配备专（兼）职安全管理人员，经培训合格，职责写入岗位说明。",
                    "安全管理人员数量与营业面积和业态风险相匹配，每年参加业务培训并有考核记录。",
                    "建有安全技术和管理团队，能独立开展风险评估、隐患排查和内部审核，并指导下属门店和商户。",
                ],
            ),
            (
                "商户、承包和外包单位的安全管理",
                [
                    "与商户、承包方和外包保洁保安单位之间没有约定安全责任。",
                    "租赁或外包合同中有安全条款，但从未据此检查。",
                    "与所有商户和外包单位签订安全管理协议，明确双方责任并定期检查。",
                    "定期评价商户和外包单位的安全表现，问题突出的限期整改或约谈。",
                    "商户和外包单位纳入统一的安全培训、隐患排查和应急演练，评价结果用于续约决定。",
                ],
            ),
            (
                "安全管理制度和操作规程",
                [
                    "缺少基本的安全管理制度，动火、用电、燃气作业没有操作规程。",
                    "制度齐全但多为复制，与实际作业不符，现场看不到操作规程。",
                    "制度和操作规程结合本企业业态制定，动火、燃气、叉车、登高等作业规程张贴在作业点。",
                    "每年评审制度和规程是否适用，动火等危险作业执行审批票证，票证可查。",
                    "根据事故案例、检查发现和员工建议持续修订制度，修订记录和执行效果评估可查。",
                ],
            ),
            (
                "安全生产标准化建设",
                [
                    "不了解安全生产标准化要求，未开展任何创建工作。",
                    "已启动标准化创建，但仅停留在整理资料。",
                    "对照商贸行业安全生产标准化要求完成自评，主要要素都有运行记录。",
                    "达到标准化要求并通过评审，每年自评一次并对发现的问题持续整改。",
                    "标准化要求融入日常管理，自评问题闭环管理，企业成为区域内的标准化示范单位。",
                ],
            ),
        ],
    ),
    (
        "risk",
        "风险管控",
        &[
            (
                "安全风险辨识评估",
                [
                    "未开展风险辨识，说不清本场所有哪些主要风险。",
                    "做过一次风险辨识，但清单不全，漏掉燃气、电气、人员密集或极端天气等风险。",
                    "按区域和作业活动辨识风险并分级，风险点清单在系统中登记完整。",
                    "每年以及装修改造、业态调整和大型活动前重新评估，风险等级随之调整。",
                    "结合事故案例、隐患数据和行业信息动态评估风险，评估结果直接用于安排投入和检查频次。",
                ],
            ),
            (
                "风险分级管控措施",
                [
                    "没有针对风险的管控措施，全凭员工经验。",
                    "有管控措施但未落实到责任人，现场无法核实。",
                    "每个较大以上风险点都有管控措施、责任部门和责任人，现场设置风险告知卡。",
                    "定期检查管控措施是否有效，失效的措施及时更换并有记录。",
                    "采用燃气泄漏报警切断、电气火灾监控等技术手段降低风险，风险等级有实际下降的数据。",
                ],
            ),
            (
                "危险作业和外来施工管控",
                [
                    "动火、临时用电、有限空间、登高等作业随意进行，无人监护。",
                    "危险作业只有口头审批，没有作业票和现场监护记录。",
                    "危险作业实行作业票审批，作业时有专人监护，作业前后检查记录齐全。",
                    "对装修、布展、维修等外来施工单位统一审查资质、进行安全交底并现场巡查。",
                    "危险作业全过程可追溯，定期分析作业票数据找出薄弱环节并改进。",
                ],
            ),
            (
                "人员密集场所和大型活动安全",
                [
                    "促销、节庆、展会等活动前不评估客流和疏散能力。",
                    "大型活动前有口头安排但没有书面方案，活动期间疏散通道仍有堆放。",
                    "大型活动有书面安全方案，写明限流措施、疏散路线和岗位人员。",
                    "活动期间实时监测客流并按方案限流，活动结束后书面总结存在的问题。",
                    "依据历次活动的客流数据优化限流阈值和人员部署，方案经主管部门或专家评审。",
                ],
            ),
            (
                "极端天气和季节性风险防范",
                [
                    "台风、暴雨、高温预警发布后没有针对性措施。",
                    "收到预警后口头通知，但未检查广告牌、玻璃幕墙、地下车库等部位。",
                    "收到预警后按清单检查加固，并在系统中确认接收和落实情况。",
                    "汛期和台风季前开展专项检查，排水、挡水、防风物资提前到位并登记。",
                    "结合历年受灾情况持续改进防范措施，预警响应时间和落实情况有统计分析。",
                ],
            ),
        ],
    ),
    (
        "hazard",
        "隐患治理",
        &[
            (
                "隐患排查制度和频次",
                [
                    "没有定期隐患排查，问题多由外部检查人员发现。",
                    "有排查制度但排查不定期，记录只写“无隐患”。",
                    "按制度开展日常、专项和节假日前排查，记录写明检查部位和发现的问题。",
                    "排查清单按业态和部位细化，覆盖消防、用电、燃气、特种设备等重点内容。",
                    "定期分析排查发现问题的类型和分布，据此调整排查重点和频次。",
                ],
            ),
            (
                "隐患整改闭环",
                [
                    "发现的隐患长期不整改，同一隐患被检查反复指出。",
                    "隐患有整改，但没有期限和责任人，整改后无人复查。",
                    "每条隐患明确整改措施、责任人和期限，按期整改并留存整改前后照片。",
                    "隐患基本按期整改销号，少数逾期隐患有原因说明和督办措施。",
                    "隐患整改后分析根本原因并修订制度或措施，同类隐患不再重复出现。",
                ],
            ),
            (
                "自查自改自报",
                [
                    "未按要求开展自查，或自查后不报送。",
                    "自查按时报送但内容空洞，自报隐患为零而外部检查屡有发现。",
                    "按期在系统中完成自查，如实报送发现的隐患和整改情况。",
                    "自查发现的隐患多于外部检查发现的隐患，自报隐患整改及时。",
                    "员工主动报告身边的隐患并得到奖励，自查自改自报成为日常习惯。",
                ],
            ),
            (
                "重大隐患治理",
                [
                    "不了解重大隐患判定标准，存在的重大隐患未上报。",
                    "能识别重大隐患但上报不及时，整改方案不完整。",
                    "重大隐患及时上报，整改方案包含目标任务、措施、经费物资、时限、责任人和应急预案六项内容。",
                    "重大隐患整改期间落实临时管控措施，按期整改并经督办单位验收销号。",
                    "重大隐患判定标准纳入日常排查清单，连续多年无重大隐患。",
                ],
            ),
            (
                "消防设施和疏散通道",
                [
                    "消防设施损坏、疏散通道堵塞、安全出口上锁等问题普遍存在。",
                    "消防设施基本完好，但检查中仍常发现通道堆放货物、常闭式防火门敞开。",
                    "消防设施每月检查记录齐全，疏散通道和安全出口保持畅通。",
                    "消防控制室人员持证在岗，消防设施每年维保检测，报告可查。",
                    "消防设施运行状态实时监测，故障在规定时间内修复并有统计。",
                ],
            ),
        ],
    ),
    (
        "training",
        "教育培训",
        &[
            (
                "全员安全教育培训",
                [
                    "员工入职时不进行安全培训，或只有口头提醒。",
                    "有入职安全培训，但学时不足、不考核，在岗员工不再培训。",
                    "新员工岗前安全培训和在岗员工年度培训有记录，全员轮训率可在系统中查到。",
                    "培训内容按收银、后厨、保安、加油员等岗位区分，考核合格方可上岗。",
                    "定期评估培训效果，现场抽问和演练中员工表现稳定，全员轮训率保持在95%以上。",
                ],
            ),
            (
                "主要负责人和安全管理人员培训",
                [
                    "主要负责人和安全管理人员从未参加安全培训。",
                    "参加过培训，但合格证明过期或缺失。",
                    "主要负责人和安全管理人员按规定参加培训并考核合格，证明在有效期内。",
                    "安全管理人员每年参加继续教育或专题培训，有学习记录和运用到工作中的实例。",
                    "安全管理人员能为本企业员工和商户讲授安全课程，培训材料在行业内交流使用。",
                ],
            ),
            (
                "特种作业和特种设备作业人员",
                [
                    "电工、焊工、电梯、叉车等作业人员无证上岗。",
                    "多数特种作业人员持证，但有证件过期或人证不符。",
                    "特种作业和特种设备作业人员全部持有效证件，台账与在岗人员一致。",
                    "证件到期前提前安排复审，外来作业人员进场前核验证件。",
                    "特种作业人员台账动态更新，并定期组织实际操作技能考核。",
                ],
            ),
            (
                "警示教育和安全宣传",
                [
                    "从未组织观看警示教育片或学习事故案例。",
                    "偶尔组织学习，但参加人数少且无记录。",
                    "组织观看《生命重于泰山》等警示教育片和学习事故案例，参加人员签到可查。",
                    "结合商贸行业事故案例开展专题讨论，形成本企业的防范措施。",
                    "定期开展安全生产月、消防宣传等活动，员工和顾客广泛参与，活动成效有评估。",
                ],
            ),
        ],
    ),
    (
        "emergency",
        "应急管理",
        &[
            (
                "应急预案",
                [
                    "没有应急预案，或预案多年未修订。",
                    "有预案但照搬模板，没有针对火灾、燃气泄漏、拥挤踩踏、台风等本场所风险。",
                    "综合预案、专项预案和现场处置方案齐全，针对本场所主要风险并按规定备案。",
                    "预案按期评估修订，岗位应急处置卡发放到重点岗位人员手中。",
                    "预案根据演练和实际事件的评估结果及时修订，并与周边单位和属地救援力量衔接。",
                ],
            ),
            (
                "应急演练",
                [
                    "从未组织过应急演练，员工不知道疏散路线和集合地点。",
                    "演练按脚本走过场，员工不熟悉疏散路线和自身职责。",
                    "每年至少组织一次综合或专项演练、每半年至少一次现场处置方案演练，记录和评估齐全。",
                    "演练覆盖营业高峰、夜间等不同场景，演练评估发现的问题都有整改。",
                    "开展不预先通知的演练，员工响应时间和疏散时间有测量并逐次缩短。",
                ],
            ),
            (
                "应急队伍和物资",
                [
                    "没有微型消防站或义务消防队，应急物资缺失。",
                    "有应急物资但未登记，部分过期或损坏。",
                    "建有微型消防站或义务消防队，应急物资按清单配备并定期检查。",
                    "应急队伍定期训练，能在规定时间内到场处置初起火灾。",
                    "应急队伍与属地消防、医疗等力量开展联合训练，物资的数量和有效期实时可查。",
                ],
            ),
            (
                "事故、险情和未遂事件报告",
                [
                    "发生事故或险情后不报告，或迟报、瞒报。",
                    "事故能够报告，但险情和未遂事件不记录。",
                    "事故和险情按规定及时报告，未遂事件有登记。",
                    "对事故和未遂事件分析原因并采取措施，结果向员工通报。",
                    "员工主动报告未遂事件，报告持续不断，分析结论用于改进管理。",
                ],
            ),
        ],
    ),
    (
        "culture",
        "安全文化",
        &[
            (
                "安全理念和价值观",
                [
                    "安全被看作应付检查的负担，“出了事再说”的想法普遍存在。",
                    "口头上重视安全，但与营业冲突时安全让位于经营。",
                    "企业有明确的安全理念，促销营业与安全冲突时按规定优先保证安全。",
                    "各级管理人员以身作则，员工认为安全是自己的责任而不仅是安全员的事。",
                    "员工自觉纠正他人的不安全行为并互相提醒，安全成为企业公认的核心价值。",
                ],
            ),
            (
                "员工参与",
                [
                    "员工不参与安全管理，对安全问题漠不关心。",
                    "员工可以反映安全问题，但渠道不畅，反映后无人回应。",
                    "设有安全建议和隐患报告渠道，员工反映的问题都有答复记录。",
                    "员工参与风险辨识、隐患排查和制度修订，合理化建议被采纳并获奖励。",
                    "班组自主开展安全活动，安全改进建议大量来自一线员工。",
                ],
            ),
            (
                "安全绩效和激励",
                [
                    "安全与奖惩无关，只在出事后追责处罚。",
                    "有安全处罚规定，但没有正向激励。",
                    "安全绩效纳入部门和员工考核，奖惩有记录。",
                    "用隐患发现、培训参与等先行指标评价安全绩效，而不只看事故数量。",
                    "安全绩效评价公开透明并得到员工认可，先行指标持续改善。",
                ],
            ),
            (
                "学习和持续改进",
                [
                    "不关注同行业事故教训，同类问题反复发生。",
                    "发生事故后才组织学习，改进措施不能坚持。",
                    "定期学习同行业事故通报，对照检查本企业并整改。",
                    "每年开展内部安全评审，形成年度改进计划并逐项落实。",
                    "主动对标先进企业，本企业的做法被评为典型做法或安全文化建设标杆并在行业推广。",
                ],
            ),
            (
                "对顾客和商户的安全告知",
                [
                    "场所内没有安全提示，疏散指示缺失。",
                    "有安全提示但不醒目，疏散示意图与现状不符。",
                    "醒目位置设置疏散示意图、安全提示和报警电话，营业期间定时广播安全提示。",
                    "对商户和顾客的安全宣传常态化，提示内容随季节和活动更新。",
                    "商户和顾客积极参与企业组织的安全活动，企业安全形象获得社会认可。",
                ],
            ),
        ],
    ),
];

/// The questionnaire, built once.
pub fn questionnaire() -> &'static Questionnaire {
    static CELL: OnceLock<Questionnaire> = OnceLock::new();
    CELL.get_or_init(|| Questionnaire {
        dimensions: DATA
            .iter()
            .map(|(key, label, questions)| Dimension {
                key: (*key).to_string(),
                label: (*label).to_string(),
                questions: questions
                    .iter()
                    .enumerate()
                    .map(|(i, (text, levels))| Question {
                        key: format!("{key}.{}", i + 1),
                        text: (*text).to_string(),
                        levels: levels
                            .iter()
                            .zip(LEVELS)
                            .map(|(d, (level, _))| LevelDescriptor {
                                level,
                                descriptor: (*d).to_string(),
                            })
                            .collect(),
                    })
                    .collect(),
            })
            .collect(),
        levels: LEVELS
            .iter()
            .map(|(level, label)| LevelLabel {
                level: *level,
                label: (*label).to_string(),
            })
            .collect(),
    })
}

/// The question with this key and its dimension and position (1-based) there.
pub fn find_question(key: &str) -> Option<(&'static Dimension, usize, &'static Question)> {
    questionnaire().dimensions.iter().find_map(|d| {
        d.questions
            .iter()
            .position(|q| q.key == key)
            .map(|i| (d, i + 1, &d.questions[i]))
    })
}

/// How a question is named in messages: `领导作用 第1题（主要负责人履行安全生产第一责任人职责）`.
pub fn question_title(key: &str) -> String {
    match find_question(key) {
        Some((d, n, q)) => format!("{} 第{n}题（{}）", d.label, q.text),
        None => key.to_string(),
    }
}

/// The total number of questions.
pub fn question_count() -> usize {
    questionnaire()
        .dimensions
        .iter()
        .map(|d| d.questions.len())
        .sum()
}

/// An answer to one question: the level the enterprise sees itself at, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Answer {
    pub level: u8,
    #[serde(default)]
    pub note: Option<String>,
}

/// Answers by question key (`leadership.1`).
pub type Answers = BTreeMap<String, Answer>;

/// Checks answers: every key a question of the questionnaire (`answers.<key>`,
/// unknown_field), every level 1..=5 (`answers.<key>.level`, out_of_range), every note
/// at most [`NOTE_MAX`] characters (`answers.<key>.note`, too_long); and when
/// `complete` (submitting), every question answered (`answers.<key>`, required,
/// “请回答：领导作用 第1题（…）”), in the questionnaire's order.
pub fn check_answers(a: &Answers, complete: bool) -> Result<(), Vec<FieldError>> {
    let mut v = Validator::new();
    for (key, answer) in a {
        let field = format!("answers.{key}");
        if find_question(key).is_none() {
            v.error(&field, "unknown_field", format!("问卷中没有题目“{key}”"));
            continue;
        }
        let title = question_title(key);
        if !(MIN_LEVEL..=MAX_LEVEL).contains(&answer.level) {
            v.error(
                &format!("{field}.level"),
                "out_of_range",
                format!("{title}的等级应在{MIN_LEVEL}到{MAX_LEVEL}之间"),
            );
        }
        v.optional_text(
            &format!("{field}.note"),
            &format!("{title}的说明"),
            answer.note.as_deref(),
            NOTE_MAX,
        );
    }
    if complete {
        for d in &questionnaire().dimensions {
            for (i, q) in d.questions.iter().enumerate() {
                if !a.contains_key(&q.key) {
                    v.error(
                        &format!("answers.{}", q.key),
                        "required",
                        format!("请回答：{} 第{}题（{}）", d.label, i + 1, q.text),
                    );
                }
            }
        }
    }
    v.into_result()
}

/// Checks a reviewer's levels (`levels: {question_key: level}`): known keys
/// (`levels.<key>`, unknown_field) and levels 1..=5 (`levels.<key>`, out_of_range).
pub fn check_review_levels(review: &BTreeMap<String, u8>) -> Result<(), Vec<FieldError>> {
    let mut v = Validator::new();
    for (key, level) in review {
        let field = format!("levels.{key}");
        if find_question(key).is_none() {
            v.error(&field, "unknown_field", format!("问卷中没有题目“{key}”"));
        } else if !(MIN_LEVEL..=MAX_LEVEL).contains(level) {
            v.error(
                &field,
                "out_of_range",
                format!(
                    "{}的审核等级应在{MIN_LEVEL}到{MAX_LEVEL}之间",
                    question_title(key)
                ),
            );
        }
    }
    v.into_result()
}

/// One decimal, halves away from zero.
fn one_decimal(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// A dimension's level: the mean of its answered questions, one decimal; `None`
/// when none is answered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct DimensionScore {
    pub key: String,
    pub label: String,
    pub level: Option<f64>,
}

/// The unrounded mean of each dimension's answered questions (keys outside the
/// questionnaire and levels outside 1..=5 are ignored).
fn dimension_means(a: &Answers) -> Vec<(&'static Dimension, Option<f64>)> {
    questionnaire()
        .dimensions
        .iter()
        .map(|d| {
            let levels: Vec<u8> = d
                .questions
                .iter()
                .filter_map(|q| a.get(&q.key).map(|x| x.level))
                .filter(|l| (MIN_LEVEL..=MAX_LEVEL).contains(l))
                .collect();
            let mean = if levels.is_empty() {
                None
            } else {
                Some(levels.iter().map(|l| f64::from(*l)).sum::<f64>() / levels.len() as f64)
            };
            (d, mean)
        })
        .collect()
}

/// Every dimension in the questionnaire's order with its level.
pub fn dimension_scores(a: &Answers) -> Vec<DimensionScore> {
    dimension_means(a)
        .into_iter()
        .map(|(d, mean)| DimensionScore {
            key: d.key.clone(),
            label: d.label.clone(),
            level: mean.map(one_decimal),
        })
        .collect()
}

/// The overall level: the mean of the dimensions' levels over the dimensions with
/// answers (each dimension weighs the same however many questions it has), one
/// decimal, computed from the unrounded dimension means; `None` when nothing is
/// answered.
pub fn overall_level(a: &Answers) -> Option<f64> {
    let means: Vec<f64> = dimension_means(a)
        .into_iter()
        .filter_map(|(_, m)| m)
        .collect();
    if means.is_empty() {
        None
    } else {
        Some(one_decimal(means.iter().sum::<f64>() / means.len() as f64))
    }
}

/// The level band (1..=5) a mean level counts in for the summary's `levels: [n1..n5]`:
/// rounded half up, clamped to 1..=5.
pub fn level_band(level: f64) -> u8 {
    level
        .round()
        .clamp(f64::from(MIN_LEVEL), f64::from(MAX_LEVEL)) as u8
}

/// The reviewed answers: the reviewer's levels replace the enterprise's for the keys
/// given (the enterprise's notes are kept); every other answer stays as it was.
pub fn merge_review(own: &Answers, review: &BTreeMap<String, u8>) -> Answers {
    let mut out = own.clone();
    for (key, level) in review {
        out.entry(key.clone())
            .and_modify(|a| a.level = *level)
            .or_insert(Answer {
                level: *level,
                note: None,
            });
    }
    out
}

coded_enum! {
    /// Where an enterprise's assessment stands.
    MaturityState {
        Draft => "draft", "填报中";
        Submitted => "submitted", "待审核";
        Returned => "returned", "已退回";
        Reviewed => "reviewed", "已审核";
    }
}

coded_enum! {
    /// A step on an assessment.
    MaturityAction {
        Save => "save", "保存";
        Submit => "submit", "提交";
        Approve => "approve", "审核通过";
        Return => "return", "退回";
    }
}

/// The state after `action`, or `None` when the state does not allow it (HTTP 409):
/// the enterprise saves (partial answers) and submits while filling in or returned;
/// the reviewer approves or returns a submitted one; a reviewed one is final.
pub fn maturity_next(state: MaturityState, action: MaturityAction) -> Option<MaturityState> {
    use MaturityAction as A;
    use MaturityState as S;
    match (state, action) {
        (S::Draft | S::Returned, A::Save) => Some(state),
        (S::Draft | S::Returned, A::Submit) => Some(S::Submitted),
        (S::Submitted, A::Approve) => Some(S::Reviewed),
        (S::Submitted, A::Return) => Some(S::Returned),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use MaturityAction as A;
    use MaturityState as S;

    fn ans(pairs: &[(&str, u8)]) -> Answers {
        pairs
            .iter()
            .map(|(k, l)| {
                (
                    (*k).to_string(),
                    Answer {
                        level: *l,
                        note: None,
                    },
                )
            })
            .collect()
    }

    fn all_at(level: u8) -> Answers {
        questionnaire()
            .dimensions
            .iter()
            .flat_map(|d| d.questions.iter())
            .map(|q| (q.key.clone(), Answer { level, note: None }))
            .collect()
    }

    #[test]
    fn seven_dimensions_in_order_with_four_or_five_questions() {
        let q = questionnaire();
        let dims: Vec<(&str, &str)> = q
            .dimensions
            .iter()
            .map(|d| (d.key.as_str(), d.label.as_str()))
            .collect();
        assert_eq!(
            dims,
            vec![
                ("leadership", "领导作用"),
                ("responsibility", "责任体系"),
                ("risk", "风险管控"),
                ("hazard", "隐患治理"),
                ("training", "教育培训"),
                ("emergency", "应急管理"),
                ("culture", "安全文化"),
            ]
        );
        for d in &q.dimensions {
            assert!(
                (4..=5).contains(&d.questions.len()),
                "{}: {}",
                d.key,
                d.questions.len()
            );
            for (i, question) in d.questions.iter().enumerate() {
                assert_eq!(question.key, format!("{}.{}", d.key, i + 1));
            }
        }
        assert_eq!(question_count(), 33);
        let levels: Vec<(u8, &str)> = q
            .levels
            .iter()
            .map(|l| (l.level, l.label.as_str()))
            .collect();
        assert_eq!(levels, LEVELS.to_vec());
    }

    #[test]
    fn every_question_has_five_one_sentence_descriptors() {
        let mut seen = std::collections::HashSet::new();
        for d in &questionnaire().dimensions {
            for q in &d.questions {
                assert!(
                    !q.text.is_empty() && q.text.chars().count() <= 30,
                    "{}",
                    q.key
                );
                assert!(!q.text.ends_with('。'), "{}", q.key);
                let levels: Vec<u8> = q.levels.iter().map(|l| l.level).collect();
                assert_eq!(levels, vec![1, 2, 3, 4, 5], "{}", q.key);
                for l in &q.levels {
                    let s = &l.descriptor;
                    let n = s.chars().count();
                    assert!(
                        (10..=60).contains(&n),
                        "{} level {}: {n} chars",
                        q.key,
                        l.level
                    );
                    assert!(s.ends_with('。'), "{} level {}", q.key, l.level);
                    assert_eq!(s.matches('。').count(), 1, "one sentence: {s}");
                    assert!(!s.contains(['！', '？', '.']), "{s}");
                    assert!(seen.insert(s.clone()), "duplicate descriptor: {s}");
                }
            }
        }
    }

    #[test]
    fn serializes_in_the_api_shape() {
        let v = serde_json::to_value(questionnaire()).unwrap();
        assert_eq!(v["dimensions"][0]["key"], "leadership");
        assert_eq!(v["dimensions"][0]["label"], "领导作用");
        assert_eq!(v["dimensions"][0]["questions"][0]["key"], "leadership.1");
        assert!(v["dimensions"][0]["questions"][0]["text"].is_string());
        assert_eq!(v["dimensions"][0]["questions"][0]["levels"][0]["level"], 1);
        assert!(v["dimensions"][0]["questions"][0]["levels"][4]["descriptor"].is_string());
        assert_eq!(
            v["levels"][2],
            serde_json::json!({"level": 3, "label": "规范级"})
        );
        // The same object every time.
        assert!(std::ptr::eq(questionnaire(), questionnaire()));
    }

    #[test]
    fn level_labels() {
        assert_eq!(level_label(1), "起步级");
        assert_eq!(level_label(3), "规范级");
        assert_eq!(level_label(5), "卓越级");
        assert_eq!(level_label(0), "");
        assert_eq!(level_label(6), "");
    }

    #[test]
    fn answers_deserialize_with_or_without_a_note() {
        let a: Answers = serde_json::from_str(
            r#"{"leadership.1": {"level": 3}, "risk.2": {"level": 4, "note": "见台账"}}"#,
        )
        .unwrap();
        assert_eq!(a["leadership.1"].note, None);
        assert_eq!(a["risk.2"].note.as_deref(), Some("见台账"));
    }

    #[test]
    fn partial_answers_pass_when_not_complete() {
        assert_eq!(check_answers(&Answers::new(), false), Ok(()));
        assert_eq!(check_answers(&ans(&[("leadership.1", 3)]), false), Ok(()));
        assert_eq!(check_answers(&all_at(5), true), Ok(()));
    }

    #[test]
    fn unknown_keys_and_bad_levels_name_the_field() {
        let mut a = ans(&[
            ("leadership.9", 3),
            ("risk.1", 0),
            ("risk.2", 6),
            ("risk.3", 5),
        ]);
        a.insert(
            "bogus".into(),
            Answer {
                level: 3,
                note: None,
            },
        );
        let errs = check_answers(&a, false).unwrap_err();
        let got: Vec<(&str, &str)> = errs
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("answers.bogus", "unknown_field"),
                ("answers.leadership.9", "unknown_field"),
                ("answers.risk.1.level", "out_of_range"),
                ("answers.risk.2.level", "out_of_range"),
            ]
        );
        assert!(
            errs[2].message.contains("风险管控 第1题"),
            "{}",
            errs[2].message
        );
        assert!(errs[2].message.contains("1到5"));
    }

    #[test]
    fn notes_are_at_most_500_characters() {
        let mut a = ans(&[("culture.1", 3), ("culture.2", 3)]);
        a.get_mut("culture.1").unwrap().note = Some("字".repeat(500));
        a.get_mut("culture.2").unwrap().note = Some("字".repeat(501));
        let errs = check_answers(&a, false).unwrap_err();
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].field, "answers.culture.2.note");
        assert_eq!(errs[0].code, "too_long");
        assert!(errs[0].message.contains("安全文化 第2题"));
    }

    #[test]
    fn submitting_names_every_unanswered_question() {
        let mut a = all_at(3);
        a.remove("leadership.1");
        a.remove("culture.5");
        let errs = check_answers(&a, true).unwrap_err();
        assert_eq!(errs.len(), 2);
        assert_eq!(errs[0].field, "answers.leadership.1");
        assert_eq!(errs[0].code, "required");
        assert_eq!(
            errs[0].message,
            "请回答：领导作用 第1题（主要负责人履行安全生产第一责任人职责）"
        );
        assert_eq!(errs[1].field, "answers.culture.5");
        assert!(errs[1].message.starts_with("请回答：安全文化 第5题"));
        let errs = check_answers(&Answers::new(), true).unwrap_err();
        assert_eq!(errs.len(), question_count());
        assert!(errs.iter().all(|e| e.code == "required"));
    }

    #[test]
    fn review_levels_are_checked() {
        let ok: BTreeMap<String, u8> = [("risk.1".to_string(), 2)].into();
        assert_eq!(check_review_levels(&ok), Ok(()));
        let bad: BTreeMap<String, u8> = [("risk.1".to_string(), 0), ("x.1".to_string(), 3)].into();
        let errs = check_review_levels(&bad).unwrap_err();
        assert_eq!(errs[0].field, "levels.risk.1");
        assert_eq!(errs[0].code, "out_of_range");
        assert_eq!(errs[1].field, "levels.x.1");
        assert_eq!(errs[1].code, "unknown_field");
    }

    #[test]
    fn dimension_scores_are_means_with_one_decimal() {
        let a = ans(&[
            ("leadership.1", 3),
            ("leadership.2", 4),
            ("leadership.3", 4),
            ("risk.1", 2),
            ("risk.2", 3),
            ("risk.3", 3),
            ("risk.4", 3),
            ("culture.1", 5),
            ("bogus.1", 1),
        ]);
        let s = dimension_scores(&a);
        assert_eq!(s.len(), 7);
        assert_eq!(s[0].key, "leadership");
        assert_eq!(s[0].label, "领导作用");
        assert_eq!(s[0].level, Some(3.7)); // 11 / 3
        assert_eq!(s[1].level, None);
        assert_eq!(s[2].level, Some(2.8)); // 11 / 4 = 2.75
        assert_eq!(s[6].level, Some(5.0));
        // (3.667 + 2.75 + 5) / 3 = 3.806, not the mean of the 8 answers (3.375).
        assert_eq!(overall_level(&a), Some(3.8));
        assert_eq!(overall_level(&Answers::new()), None);
        assert!(
            dimension_scores(&Answers::new())
                .iter()
                .all(|d| d.level.is_none())
        );
        assert_eq!(overall_level(&all_at(4)), Some(4.0));
        // Out-of-range levels (never stored, but never counted either).
        assert_eq!(overall_level(&ans(&[("risk.1", 9)])), None);
    }

    #[test]
    fn level_bands() {
        assert_eq!(level_band(1.0), 1);
        assert_eq!(level_band(2.4), 2);
        assert_eq!(level_band(2.5), 3);
        assert_eq!(level_band(4.6), 5);
        assert_eq!(level_band(0.2), 1);
        assert_eq!(level_band(7.0), 5);
    }

    #[test]
    fn review_replaces_only_the_levels_given() {
        let mut own = ans(&[("risk.1", 4), ("risk.2", 5), ("hazard.1", 3)]);
        own.get_mut("risk.1").unwrap().note = Some("有风险清单".into());
        let review: BTreeMap<String, u8> =
            [("risk.1".to_string(), 2), ("training.1".to_string(), 3)].into();
        let m = merge_review(&own, &review);
        assert_eq!(m["risk.1"].level, 2);
        assert_eq!(m["risk.1"].note.as_deref(), Some("有风险清单"));
        assert_eq!(m["risk.2"].level, 5);
        assert_eq!(m["hazard.1"].level, 3);
        assert_eq!(m["training.1"].level, 3);
        assert_eq!(m.len(), 4);
        assert_eq!(merge_review(&own, &BTreeMap::new()), own);
    }

    #[test]
    fn every_transition_matches_the_table() {
        // Written out as the reviewer reads it: state, action → next.
        let table: &[(S, A, Option<S>)] = &[
            (S::Draft, A::Save, Some(S::Draft)),
            (S::Draft, A::Submit, Some(S::Submitted)),
            (S::Draft, A::Approve, None),
            (S::Draft, A::Return, None),
            (S::Submitted, A::Save, None),
            (S::Submitted, A::Submit, None),
            (S::Submitted, A::Approve, Some(S::Reviewed)),
            (S::Submitted, A::Return, Some(S::Returned)),
            (S::Returned, A::Save, Some(S::Returned)),
            (S::Returned, A::Submit, Some(S::Submitted)),
            (S::Returned, A::Approve, None),
            (S::Returned, A::Return, None),
            (S::Reviewed, A::Save, None),
            (S::Reviewed, A::Submit, None),
            (S::Reviewed, A::Approve, None),
            (S::Reviewed, A::Return, None),
        ];
        assert_eq!(table.len(), S::ALL.len() * A::ALL.len());
        for s in S::ALL {
            for a in A::ALL {
                let want = table
                    .iter()
                    .find(|(ts, ta, _)| *ts == s && *ta == a)
                    .map(|(_, _, n)| *n)
                    .expect("every pair in the table");
                assert_eq!(maturity_next(s, a), want, "{s:?} {a:?}");
            }
        }
    }

    #[test]
    fn codes_labels_and_serde_agree() {
        let states: Vec<(&str, &str)> = S::ALL.iter().map(|s| (s.code(), s.label())).collect();
        assert_eq!(
            states,
            vec![
                ("draft", "填报中"),
                ("submitted", "待审核"),
                ("returned", "已退回"),
                ("reviewed", "已审核"),
            ]
        );
        for s in S::ALL {
            assert_eq!(S::from_code(s.code()), Some(s));
            assert_eq!(serde_json::to_value(s).unwrap(), s.code());
        }
        for a in A::ALL {
            assert_eq!(A::from_code(a.code()), Some(a));
            assert_eq!(serde_json::to_value(a).unwrap(), a.code());
        }
        assert_eq!(S::from_code("closed"), None);
    }
}
