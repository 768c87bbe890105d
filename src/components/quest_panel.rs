//! The quests of a lesson beside its sandbox: goals, stepped hints, the moment a quest is
//! solved, and the attacker's and defender's reasoning afterwards.
//!
//! It is the same for every sandbox: the sandbox passes which quests its engine says are
//! solved right now, and the answer hint of each quest in words.

use std::rc::Rc;

use dragonproof_engines::progress::{AnswerVisibility, HINTS_BEFORE_ANSWER};
use yew::prelude::*;

use crate::lesson_content::Quest;
use crate::state::{use_app, Action};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub lesson: &'static str,
    pub quests: Rc<Vec<Quest>>,
    /// Ids the sandbox's engine says are solved in its current state.
    pub solved_now: Vec<String>,
    /// Each quest's answer, line by line, in `quests` order.
    pub answers: Vec<Vec<String>>,
}

#[function_component(QuestPanel)]
pub fn quest_panel(props: &Props) -> Html {
    let app = use_app();
    let announcement = use_state(String::new);

    // Record quests the sandbox has just solved, and announce them once.
    {
        let (app, announcement, quests, lesson) =
            (app.clone(), announcement.clone(), props.quests.clone(), props.lesson);
        use_effect_with(props.solved_now.clone(), move |solved| {
            for quest in quests.iter().filter(|quest| solved.contains(&quest.id)) {
                let record = app.progress.lesson(lesson);
                if !record.quests.get(&quest.id).is_some_and(|q| q.done) {
                    app.dispatch(Action::CompleteQuest { lesson, quest: quest.id.clone() });
                    announcement.set(format!("Quest complete: {}", strip_tags(&quest.goal_html)));
                }
            }
        });
    }

    let record = app.progress.lesson(props.lesson);
    let visibility = app.progress.settings.answers;
    let done_count = props.quests.iter().filter(|q| record.quests.get(&q.id).is_some_and(|r| r.done)).count();

    let quest_view = |(index, quest): (usize, &Quest)| {
        let progress = record.quests.get(&quest.id).cloned().unwrap_or_default();
        let answer_allowed = match visibility {
            AnswerVisibility::Always => true,
            AnswerVisibility::AfterSolving => progress.done,
            AnswerVisibility::Hidden => false,
        };
        let available = HINTS_BEFORE_ANSWER + u8::from(answer_allowed);
        let reveal = {
            let (app, lesson, id) = (app.clone(), props.lesson, quest.id.clone());
            Callback::from(move |_| app.dispatch(Action::RevealHint { lesson, quest: id.clone(), available }))
        };
        let status = match (progress.done, progress.answer_shown) {
            (true, true) => "Solved, with the answer shown",
            (true, false) => "Solved",
            (false, _) => "Not solved yet",
        };
        let kind = if quest.fix { "Fix" } else { "Attack" };
        let answer = props.answers.get(index).cloned().unwrap_or_default();
        html! {
            <li class={classes!("quest", progress.done.then_some("is-done"))}>
                <p class="quest-head">
                    <span class={classes!("quest-kind", if quest.fix { "kind-fix" } else { "kind-attack" })}>{ kind }</span>
                    <span class="quest-status">{ status }</span>
                </p>
                // Quest text is build-time ammonia output from the lesson file.
                <p class="quest-goal">{ Html::from_html_unchecked(AttrValue::from(quest.goal_html.clone())) }</p>
                if progress.hints_shown > 0 {
                    <ol class="hints">
                        { for quest.hints_html.iter().take(usize::from(progress.hints_shown)).map(|hint| html! {
                            <li>{ Html::from_html_unchecked(AttrValue::from(hint.clone())) }</li>
                        }) }
                        if progress.hints_shown > HINTS_BEFORE_ANSWER && answer_allowed {
                            <li class="hint-answer">
                                <strong>{"Answer: "}</strong>
                                { for answer.iter().map(|line| html! { <code class="answer-line">{ line.clone() }</code> }) }
                            </li>
                        }
                    </ol>
                }
                if progress.hints_shown < available {
                    <button type="button" class="button button-secondary button-small" onclick={reveal}>
                        { match progress.hints_shown {
                            0 => "Show a hint".to_string(),
                            shown if shown + 1 == available && answer_allowed => "Show the answer".to_string(),
                            shown => format!("Show hint {} of {}", shown + 1, available),
                        } }
                    </button>
                } else if !answer_allowed && progress.hints_shown >= HINTS_BEFORE_ANSWER {
                    <p class="hint-text">{ match visibility {
                        AnswerVisibility::Hidden => "Answers are hidden in this workshop.",
                        _ => "The answer is shown once you have solved it.",
                    } }</p>
                }
                if progress.done {
                    <div class="reasoning">
                        <p><strong>{"The attacker: "}</strong>{ Html::from_html_unchecked(AttrValue::from(quest.attacker_html.clone())) }</p>
                        <p><strong>{"The defender: "}</strong>{ Html::from_html_unchecked(AttrValue::from(quest.defender_html.clone())) }</p>
                    </div>
                }
            </li>
        }
    };

    html! {
        <section class="quests" aria-labelledby="quests-title">
            <h3 id="quests-title">{ format!("Quests ({done_count} of {} done)", props.quests.len()) }</h3>
            <p class="visually-hidden" role="status" aria-live="polite">{ (*announcement).clone() }</p>
            if !announcement.is_empty() {
                <p class="quest-celebration" aria-hidden="true">{ (*announcement).clone() }</p>
            }
            <ol class="quest-list">{ for props.quests.iter().enumerate().map(quest_view) }</ol>
        </section>
    }
}

/// Plain text of a small piece of our own HTML, for the screen-reader announcement.
fn strip_tags(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for ch in html.chars() {
        match ch {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => text.push(ch),
            _ => {}
        }
    }
    dragonproof_engines::escape::decode_escaped(&text)
}
