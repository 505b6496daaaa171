//! Chinese labels of JSON field names, for messages about bad input.

pub fn label(field: &str) -> &'static str {
    // The last segment of a path like `aliases[0]` or `policy.min_length`.
    let last = field.rsplit('.').next().unwrap_or(field);
    let last = last.split('[').next().unwrap_or(last);
    match last {
        "username" => "用户名",
        "password" => "密码",
        "old_password" => "原密码",
        "new_password" => "新密码",
        "totp" | "code" => "动态口令",
        "display_name" => "姓名",
        "role" => "角色",
        "org_id" => "所属单位",
        "phone" => "手机号码",
        "name" => "名称",
        "kind" => "单位类型",
        "parent_id" => "上级单位",
        "aliases" => "别名",
        "sort_order" => "排序",
        "rule" => "分组规则",
        "member_ids" => "成员单位",
        "phrases" => "单位名称列表",
        "min_length" => "密码最小长度",
        "min_classes" => "字符类别数",
        "expiry_days" => "密码有效期",
        "max_failures" => "登录失败锁定次数",
        "lockout_minutes" => "锁定时长",
        "idle_timeout_minutes" => "会话空闲超时",
        "require_totp_for_admins" => "管理员须用动态口令",
        "title" => "方案标题",
        "year" => "年度",
        "draft_id" => "导入草稿",
        "tasks" => "任务",
        "text" => "内容",
        "percent" => "完成百分比",
        "submit" => "报送",
        "reason" => "退回原因",
        "comment" => "意见",
        "lead" => "牵头单位",
        "responsible" => "责任单位",
        "deadline" => "完成时限",
        "page" => "页码",
        "page_size" => "每页条数",
        "sort" => "排序字段",
        "status" => "状态",
        "from" => "开始日期",
        "to" => "结束日期",
        _ => "",
    }
}

/// `“用户名”(username)` or just `username` when there is no label.
pub fn describe(field: &str) -> String {
    let l = label(field);
    if l.is_empty() {
        format!("“{field}”")
    } else {
        format!("“{l}”（{field}）")
    }
}
