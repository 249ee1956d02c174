//! Numbers as Chinese news writes them: Arabic (26), full-width (２６), Chinese (二十六, 廿六,
//! 两千), and digit by digit (二〇二三).

/// How a number was written; the grammar reads 二〇二三年 as a year but 三十年 as a duration.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumForm {
    /// Arabic or full-width digits; the field is the count of digits.
    Arabic(usize),
    /// Chinese digits one by one, without 十/百/千 (二〇二三, 九七); the field is the count.
    DigitSeq(usize),
    /// A Chinese numeral with place words (二十六, 廿六, 十二) or a single Chinese digit.
    Chinese,
}

/// A number read at some position: its value, form and the index just past it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Num {
    pub value: f64,
    pub form: NumForm,
    pub end: usize,
}

impl Num {
    /// The value as a whole number, if it is one.
    pub fn int(&self) -> Option<i64> {
        (self.value.fract() == 0.0 && self.value >= 0.0 && self.value < 1e12)
            .then_some(self.value as i64)
    }
}

/// The value of an Arabic or full-width digit.
pub fn arabic_digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => c.to_digit(10),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

/// The value of a Chinese digit (〇零一二两三…九, and 俩/仨).
pub fn chinese_digit(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '零' | 'Ｏ' | '○' => 0,
        '一' | '壹' => 1,
        '二' | '两' | '贰' | '俩' => 2,
        '三' | '叁' | '仨' => 3,
        '四' | '肆' => 4,
        '五' | '伍' => 5,
        '六' | '陆' => 6,
        '七' | '柒' => 7,
        '八' | '捌' => 8,
        '九' | '玖' => 9,
        _ => return None,
    })
}

fn place_value(c: char) -> Option<u64> {
    Some(match c {
        '十' | '拾' => 10,
        '百' | '佰' => 100,
        '千' | '仟' => 1000,
        _ => return None,
    })
}

/// Reads a number starting at `i` in `chars`, if there is one.
pub fn read_number(chars: &[char], i: usize) -> Option<Num> {
    let c = *chars.get(i)?;
    if arabic_digit(c).is_some() {
        return Some(read_arabic(chars, i));
    }
    read_chinese(chars, i)
}

fn read_arabic(chars: &[char], i: usize) -> Num {
    let mut j = i;
    let mut v: f64 = 0.0;
    while let Some(d) = chars.get(j).and_then(|&c| arabic_digit(c)) {
        v = v * 10.0 + d as f64;
        j += 1;
    }
    let digits = j - i;
    // thousands separators (35,000) and decimals (2621.2)
    let mut k = j;
    let mut value = v;
    while chars.get(k) == Some(&',')
        && (1..=3).all(|o| chars.get(k + o).and_then(|&c| arabic_digit(c)).is_some())
        && chars.get(k + 4).and_then(|&c| arabic_digit(c)).is_none()
        && digits <= 3
    {
        for o in 1..=3 {
            value = value * 10.0 + arabic_digit(chars[k + o]).unwrap_or(0) as f64;
        }
        k += 4;
    }
    if k > j {
        return Num {
            value,
            form: NumForm::Arabic(digits + (k - j) / 4 * 3),
            end: k,
        };
    }
    if chars.get(j) == Some(&'.')
        && chars.get(j + 1).and_then(|&c| arabic_digit(c)).is_some()
        && chars
            .get(j + 2)
            .is_none_or(|&c| arabic_digit(c).is_none() && c != '.')
    {
        // 2621.2小时 — but not dates such as 2019.9.6 (the grammar reads those)
        let d = arabic_digit(chars[j + 1]).unwrap_or(0) as f64;
        let after = chars.get(j + 2).copied();
        if after.is_some_and(|c| !c.is_ascii_digit() && c != '.' && c != '-' && c != '/') {
            return Num {
                value: v + d / 10.0,
                form: NumForm::Arabic(digits),
                end: j + 2,
            };
        }
    }
    // 2000万小时
    if chars.get(j) == Some(&'万') {
        return Num {
            value: v * 10_000.0,
            form: NumForm::Arabic(digits),
            end: j + 1,
        };
    }
    Num {
        value: v,
        form: NumForm::Arabic(digits),
        end: j,
    }
}

fn read_chinese(chars: &[char], i: usize) -> Option<Num> {
    let first = *chars.get(i)?;
    // 廿 (20) and 卅 (30), as in 廿六日
    if first == '廿' || first == '卅' {
        let base = if first == '廿' { 20.0 } else { 30.0 };
        return Some(match chars.get(i + 1).and_then(|&c| chinese_digit(c)) {
            Some(d) if d > 0 => Num {
                value: base + d as f64,
                form: NumForm::Chinese,
                end: i + 2,
            },
            _ => Num {
                value: base,
                form: NumForm::Chinese,
                end: i + 1,
            },
        });
    }
    if chinese_digit(first).is_none() && place_value(first).is_none() {
        return None;
    }
    // digit by digit: 二〇二三, 九七 (no place words, two or more digits)
    let mut j = i;
    while chars.get(j).and_then(|&c| chinese_digit(c)).is_some() {
        j += 1;
    }
    let run = j - i;
    let next_is_place = chars.get(j).and_then(|&c| place_value(c)).is_some();
    if run >= 2 && !next_is_place && !chars[i..j].contains(&'两') {
        let mut v = 0u64;
        for &c in &chars[i..j] {
            v = v * 10 + chinese_digit(c).unwrap_or(0) as u64;
        }
        return Some(Num {
            value: v as f64,
            form: NumForm::DigitSeq(run),
            end: j,
        });
    }
    // place-value numeral: 二十六, 十二, 一百零五, 两千, 三万
    let mut total: u64 = 0;
    let mut section: u64 = 0;
    let mut digit: Option<u64> = None;
    let mut j = i;
    let mut last_place = 0u64;
    while let Some(&c) = chars.get(j) {
        if let Some(d) = chinese_digit(c) {
            if digit.is_some_and(|x| x != 0) && d != 0 {
                break;
            }
            digit = Some(d as u64);
            j += 1;
        } else if let Some(p) = place_value(c) {
            section += digit.unwrap_or(1) * p;
            last_place = p;
            digit = None;
            j += 1;
        } else if c == '万' && j > i {
            section += digit.take().unwrap_or(0);
            total += section * 10_000;
            section = 0;
            last_place = 10_000;
            j += 1;
        } else {
            break;
        }
    }
    if j == i {
        return None;
    }
    // 两千五 = 2500: a trailing digit after a place word counts one place lower
    let tail = match digit {
        Some(d)
            if last_place >= 100 && chars.get(j - 2).is_some_and(|&c| place_value(c).is_some()) =>
        {
            d * last_place / 10
        }
        Some(d) => d,
        None => 0,
    };
    let value = total + section + tail;
    Some(Num {
        value: value as f64,
        form: NumForm::Chinese,
        end: j,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> (f64, usize) {
        let chars: Vec<char> = s.chars().collect();
        let num = read_number(&chars, 0).expect("a number");
        (num.value, num.end)
    }

    #[test]
    fn reads_the_ways_news_writes_numbers() {
        assert_eq!(n("26日"), (26.0, 2));
        assert_eq!(n("２６日"), (26.0, 2));
        assert_eq!(n("二十六日"), (26.0, 3));
        assert_eq!(n("廿六日"), (26.0, 2));
        assert_eq!(n("十月"), (10.0, 1));
        assert_eq!(n("十二月"), (12.0, 2));
        assert_eq!(n("二〇二三年"), (2023.0, 4));
        assert_eq!(n("一百零五"), (105.0, 4));
        assert_eq!(n("两千五"), (2500.0, 3));
        assert_eq!(n("35,000个"), (35000.0, 6));
        assert_eq!(n("2621.2小时"), (2621.2, 6));
        assert_eq!(n("三十三年"), (33.0, 3));
    }
}
