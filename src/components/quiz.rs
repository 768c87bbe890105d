//! A lesson's quiz: choose, check, read why each answer is right or wrong, retake.

use std::collections::BTreeSet;
use std::rc::Rc;

use yew::prelude::*;

use crate::lesson_content::{LessonContent, Question};
use crate::state::{use_app, Action};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub lesson: &'static str,
    pub content: Rc<LessonContent>,
}

/// A question is right when exactly its correct answers are chosen.
fn is_right(question: &Question, chosen: &BTreeSet<usize>) -> bool {
    let correct: BTreeSet<usize> =
        question.answers.iter().enumerate().filter(|(_, a)| a.correct).map(|(i, _)| i).collect();
    *chosen == correct
}

#[function_component(Quiz)]
pub fn quiz(props: &Props) -> Html {
    let app = use_app();
    let questions = &props.content.quiz;
    let chosen = use_state(|| vec![BTreeSet::<usize>::new(); questions.len()]);
    let checked = use_state(|| false);
    if questions.is_empty() {
        return html! {};
    }
    let score = questions.iter().zip(chosen.iter()).filter(|(q, c)| is_right(q, c)).count();
    let all_answered = chosen.iter().all(|c| !c.is_empty());

    let check = {
        let (app, checked, lesson) = (app.clone(), checked.clone(), props.lesson);
        let total = questions.len() as u32;
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            checked.set(true);
            app.dispatch(Action::RecordQuiz { lesson, correct: score as u32, total });
        })
    };
    let retake = {
        let (chosen, checked, count) = (chosen.clone(), checked.clone(), questions.len());
        Callback::from(move |_| {
            chosen.set(vec![BTreeSet::new(); count]);
            checked.set(false);
        })
    };
    let best = app.progress.lesson(props.lesson).quiz;

    html! {
        <section class="quiz" aria-labelledby="quiz-title">
            <h2 id="quiz-title">{"Quiz"}</h2>
            if let Some(best) = best {
                <p class="quiz-best">{ format!("Best so far: {} of {} ({} attempt{})", best.best, best.total,
                    best.attempts, if best.attempts == 1 { "" } else { "s" }) }</p>
            }
            <form onsubmit={check}>
                { for questions.iter().enumerate().map(|(number, question)| {
                    let picks = chosen[number].clone();
                    let right = is_right(question, &picks);
                    html! {
                        <fieldset class={classes!("question", checked.then(|| if right { "is-right" } else { "is-wrong" }))}>
                            <legend>
                                <span class="question-number">{ format!("{}. ", number + 1) }</span>
                                // Question and answer HTML is build-time ammonia output (lesson files).
                                { Html::from_html_unchecked(AttrValue::from(question.html.clone())) }
                                if question.multiple { <span class="hint-text">{" (choose all that apply)"}</span> }
                            </legend>
                            { for question.answers.iter().enumerate().map(|(index, answer)| {
                                let id = format!("q{number}-a{index}");
                                let selected = picks.contains(&index);
                                let onchange = {
                                    let (chosen, multiple) = (chosen.clone(), question.multiple);
                                    Callback::from(move |_: Event| {
                                        let mut next = (*chosen).clone();
                                        let set = &mut next[number];
                                        if multiple {
                                            if !set.remove(&index) { set.insert(index); }
                                        } else {
                                            set.clear();
                                            set.insert(index);
                                        }
                                        chosen.set(next);
                                    })
                                };
                                let verdict = checked.then(|| {
                                    let (class, word) = match (answer.correct, selected) {
                                        (true, true) => ("is-right", "Right."),
                                        (true, false) => ("is-missed", "This one is correct too."),
                                        (false, true) => ("is-wrong", "Not quite."),
                                        (false, false) => ("is-neutral", ""),
                                    };
                                    html! {
                                        <p class={classes!("why", class)}>
                                            <strong>{ word }</strong>{" "}
                                            { Html::from_html_unchecked(AttrValue::from(answer.why_html.clone())) }
                                        </p>
                                    }
                                });
                                html! {
                                    <div class="answer">
                                        <input type={if question.multiple { "checkbox" } else { "radio" }}
                                            id={id.clone()} name={format!("q{number}")}
                                            checked={selected} disabled={*checked} {onchange} />
                                        <label for={id}>{ Html::from_html_unchecked(AttrValue::from(answer.html.clone())) }</label>
                                        { verdict.unwrap_or_default() }
                                    </div>
                                }
                            }) }
                        </fieldset>
                    }
                }) }
                <div class="quiz-actions" aria-live="polite">
                    if *checked {
                        <p class="quiz-score"><strong>{ format!("You got {score} of {}.", questions.len()) }</strong></p>
                        <button type="button" class="button button-secondary" onclick={retake}>{"Take it again"}</button>
                    } else {
                        <button type="submit" class="button" disabled={!all_answered}>{"Check my answers"}</button>
                        if !all_answered { <span class="hint-text">{" Answer every question to check."}</span> }
                    }
                </div>
            </form>
        </section>
    }
}
