//! The org directory: unit kinds, groups, and resolution of the unit phrases
//! that plan documents use (`局政策法规科`, `各区商务局`, `各商贸企业`).

use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OrgKind {
    Bureau,
    Section,
    District,
    Enterprise,
    Agency,
}

impl OrgKind {
    pub const ALL: [OrgKind; 5] = [
        OrgKind::Bureau,
        OrgKind::Section,
        OrgKind::District,
        OrgKind::Enterprise,
        OrgKind::Agency,
    ];

    pub fn code(self) -> &'static str {
        match self {
            OrgKind::Bureau => "bureau",
            OrgKind::Section => "section",
            OrgKind::District => "district",
            OrgKind::Enterprise => "enterprise",
            OrgKind::Agency => "agency",
        }
    }

    pub fn from_code(code: &str) -> Option<OrgKind> {
        OrgKind::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            OrgKind::Bureau => "市局",
            OrgKind::Section => "局科室",
            OrgKind::District => "区商务局",
            OrgKind::Enterprise => "企业",
            OrgKind::Agency => "外部单位",
        }
    }

    /// Kinds a unit of this kind may have as its parent (`None` = may be a root).
    pub fn allowed_parents(self) -> &'static [OrgKind] {
        match self {
            OrgKind::Bureau => &[],
            OrgKind::Section | OrgKind::District => &[OrgKind::Bureau],
            OrgKind::Enterprise => &[OrgKind::District],
            OrgKind::Agency => &[],
        }
    }

    pub fn may_be_root(self) -> bool {
        matches!(self, OrgKind::Bureau | OrgKind::Agency)
    }
}

/// How a group expands to units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum GroupRule {
    /// Every district bureau.
    Districts,
    /// Every section of the bureau.
    Sections,
    /// Every enterprise in the reader's scope.
    Enterprises,
    /// The listed units.
    Explicit,
}

impl GroupRule {
    pub const ALL: [GroupRule; 4] = [
        GroupRule::Districts,
        GroupRule::Sections,
        GroupRule::Enterprises,
        GroupRule::Explicit,
    ];

    pub fn code(self) -> &'static str {
        match self {
            GroupRule::Districts => "districts",
            GroupRule::Sections => "sections",
            GroupRule::Enterprises => "enterprises",
            GroupRule::Explicit => "explicit",
        }
    }

    pub fn from_code(code: &str) -> Option<GroupRule> {
        GroupRule::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            GroupRule::Districts => "全部区商务局",
            GroupRule::Sections => "局全部科室",
            GroupRule::Enterprises => "范围内全部企业",
            GroupRule::Explicit => "指定单位",
        }
    }

    pub fn kind(self) -> Option<OrgKind> {
        match self {
            GroupRule::Districts => Some(OrgKind::District),
            GroupRule::Sections => Some(OrgKind::Section),
            GroupRule::Enterprises => Some(OrgKind::Enterprise),
            GroupRule::Explicit => None,
        }
    }
}

/// Normalises a unit phrase for matching: drops whitespace, full-width
/// brackets become ASCII, and trailing `等`/`等单位` go.
pub fn normalize_phrase(s: &str) -> String {
    let mut out: String = s
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            c => c,
        })
        .collect();
    for suffix in ["等单位", "等"] {
        if let Some(stripped) = out.strip_suffix(suffix)
            && !stripped.is_empty()
        {
            out = stripped.to_string();
            break;
        }
    }
    out
}

/// One unit of the directory as the resolver sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitName {
    pub id: Uuid,
    pub kind: OrgKind,
    pub name: String,
    pub aliases: Vec<String>,
}

/// One group as the resolver sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupName {
    pub id: Uuid,
    pub name: String,
    pub aliases: Vec<String>,
}

/// What a phrase stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PhraseMatch {
    /// These units, by name or alias.
    Units(Vec<Uuid>),
    /// This group (the caller expands it in the reader's scope).
    Group(Uuid),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolution {
    /// Each resolvable phrase with what it stands for, in input order.
    pub resolved: Vec<(String, PhraseMatch)>,
    /// Phrases that matched nothing, in input order.
    pub unresolved: Vec<String>,
}

/// Resolves plan phrases against units (by name or alias) and groups (by name
/// or alias). The bureau prefix `局` is optional (`局政策法规科` = `政策法规科`),
/// and so is a trailing `等`. A phrase matching both a group and a unit resolves
/// to the group. Blank phrases are ignored.
pub fn resolve_phrases(phrases: &[String], units: &[UnitName], groups: &[GroupName]) -> Resolution {
    let mut resolved = Vec::new();
    let mut unresolved = Vec::new();
    for raw in phrases {
        let phrase = normalize_phrase(raw);
        if phrase.is_empty() {
            continue;
        }
        let candidates = phrase_variants(&phrase);
        let group = groups.iter().find(|g| {
            names_match(&candidates, &g.name)
                || g.aliases.iter().any(|a| names_match(&candidates, a))
        });
        if let Some(g) = group {
            resolved.push((raw.trim().to_string(), PhraseMatch::Group(g.id)));
            continue;
        }
        let matched: Vec<Uuid> = units
            .iter()
            .filter(|u| {
                names_match(&candidates, &u.name)
                    || u.aliases.iter().any(|a| names_match(&candidates, a))
            })
            .map(|u| u.id)
            .collect();
        if matched.is_empty() {
            unresolved.push(raw.trim().to_string());
        } else {
            resolved.push((raw.trim().to_string(), PhraseMatch::Units(matched)));
        }
    }
    Resolution {
        resolved,
        unresolved,
    }
}

fn phrase_variants(phrase: &str) -> Vec<String> {
    let mut v = vec![phrase.to_string()];
    if let Some(rest) = phrase.strip_prefix('局')
        && !rest.is_empty()
    {
        v.push(rest.to_string());
    }
    if let Some(rest) = phrase.strip_prefix("市商务局")
        && !rest.is_empty()
    {
        v.push(rest.to_string());
    }
    v
}

fn names_match(candidates: &[String], name: &str) -> bool {
    let name = normalize_phrase(name);
    if name.is_empty() {
        return false;
    }
    candidates.contains(&name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(kind: OrgKind, name: &str, aliases: &[&str]) -> UnitName {
        UnitName {
            id: Uuid::now_v7(),
            kind,
            name: name.into(),
            aliases: aliases.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn resolves_bureau_prefix_aliases_and_groups() {
        let zf = unit(OrgKind::Section, "政策法规科", &["局政策法规科", "法规科"]);
        let ltk = unit(OrgKind::Section, "流通业发展科", &[]);
        let xy = unit(OrgKind::District, "秀英区商务局", &[]);
        let ml = unit(OrgKind::District, "美兰区商务局", &[]);
        let districts = GroupName {
            id: Uuid::now_v7(),
            name: "各区商务局".into(),
            aliases: vec!["区商务局".into()],
        };
        let gid = districts.id;
        let units = vec![zf.clone(), ltk.clone(), xy.clone(), ml.clone()];
        let phrases: Vec<String> = [
            "局政策法规科",
            "政策法规科",
            "流通业发展科",
            "局流通业发展科",
            " 各区商务局 ",
            "网点办",
            "秀英区商务局等",
            "",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let r = resolve_phrases(&phrases, &units, &[districts]);
        assert_eq!(r.unresolved, vec!["网点办".to_string()]);
        let u = |id| PhraseMatch::Units(vec![id]);
        assert_eq!(r.resolved[0], ("局政策法规科".into(), u(zf.id)));
        assert_eq!(r.resolved[1], ("政策法规科".into(), u(zf.id)));
        assert_eq!(r.resolved[2].1, u(ltk.id));
        assert_eq!(r.resolved[3].1, u(ltk.id));
        assert_eq!(
            r.resolved[4],
            ("各区商务局".into(), PhraseMatch::Group(gid))
        );
        assert_eq!(r.resolved[5].1, u(xy.id));
        assert_eq!(r.resolved.len(), 6);
    }

    #[test]
    fn normalize_drops_whitespace_and_suffix() {
        assert_eq!(normalize_phrase(" 各乡（镇） 等单位"), "各乡(镇)");
        assert_eq!(normalize_phrase("等"), "等");
    }

    #[test]
    fn kinds_round_trip() {
        for k in OrgKind::ALL {
            assert_eq!(OrgKind::from_code(k.code()), Some(k));
        }
        for g in GroupRule::ALL {
            assert_eq!(GroupRule::from_code(g.code()), Some(g));
        }
    }
}
