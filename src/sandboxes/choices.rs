//! A `<select>` over a fixed list of choices, as several sandbox views offer one: each choice
//! is `(value, its name in the `<option value>`, its label)`.

use yew::prelude::*;

/// A choice list: the value, its `<option value>`, and its label.
pub type Choices<T> = [(T, &'static str, &'static str)];

/// The value whose option name is `name`; `None` for a name not in the list.
pub fn by_name<T: Copy>(choices: &Choices<T>, name: &str) -> Option<T> {
    choices.iter().find(|(_, option, _)| *option == name).map(|(value, _, _)| *value)
}

/// A select's new value, as its `change` event gives it.
pub fn selected(event: &Event) -> String {
    event.target_unchecked_into::<web_sys::HtmlSelectElement>().value()
}

#[cfg(test)]
mod tests {
    use super::by_name;

    #[test]
    fn a_name_finds_its_value_and_an_unknown_name_none() {
        let choices = [(1, "one", "One"), (2, "two", "Two")];
        assert_eq!(by_name(&choices, "two"), Some(2));
        assert_eq!(by_name(&choices, "three"), None);
    }
}
