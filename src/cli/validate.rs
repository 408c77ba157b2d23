//! `coherence validate`: the dataset checks, for people, machines and CI logs.

use super::{Cx, Done, ValidateArgs, ValidateFormat, fails};
use crate::report;

pub(super) fn run(cx: &mut Cx, a: &ValidateArgs) -> Result<Done, super::CliError> {
    let v = cx.load(&a.data)?;
    let style = cx.style(a.out.is_some());
    cx.deliver(a.out.as_deref(), |w| match a.format {
        ValidateFormat::Text => report::write_validate_text(&v, style, w),
        ValidateFormat::Json => report::write_validate_json(&v, w),
        ValidateFormat::Github => report::write_validate_github(&v, w),
    })?;
    let code = i32::from(fails(&v.findings, a.fail_on));
    Ok(Done::keeping(code, v))
}
