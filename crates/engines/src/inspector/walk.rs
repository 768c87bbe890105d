//! One walk over Ruff's syntax tree in source order, the way Bandit's `BanditNodeVisitor`
//! walks Python's `ast`: imports are recorded as they are met (a call before its import is
//! not resolved, as in Bandit), and each rule sees the node with the parent facts it needs.

use std::collections::{BTreeMap, BTreeSet};

use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::Ranged;

use super::findings::Finding;
use super::rules;

/// How deep the walk goes. CPython refuses more than 200 nested brackets, and Bandit runs on
/// CPython's tree, so deeper code has no Bandit result to agree with; past this depth the walk
/// stops descending rather than risk the stack.
pub const MAX_DEPTH: usize = 400;

/// Byte offsets to Python's (line, column): 1-based lines, 0-based UTF-8 byte columns.
pub struct Positions {
    line_starts: Vec<usize>,
}

impl Positions {
    pub fn new(source: &str) -> Positions {
        let mut line_starts = vec![0];
        // Python's tokenizer ends lines at \n, \r\n and a lone \r.
        let bytes = source.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => line_starts.push(i + 1),
                b'\r' if bytes.get(i + 1) != Some(&b'\n') => line_starts.push(i + 1),
                _ => {}
            }
            i += 1;
        }
        Positions { line_starts }
    }

    /// (line, col) of a byte offset.
    pub fn at(&self, offset: usize) -> (usize, usize) {
        let line = self.line_starts.partition_point(|&start| start <= offset);
        let start = self.line_starts.get(line.saturating_sub(1)).copied().unwrap_or(0);
        (line.max(1), offset.saturating_sub(start))
    }

    /// (line, col) of a node's start.
    pub fn of(&self, node: &impl Ranged) -> (usize, usize) {
        self.at(node.start().to_usize())
    }
}

/// What Bandit's context knows while walking: imports so far and their aliases.
#[derive(Default)]
pub struct Imports {
    /// Every imported module and `module.name` (Bandit's `imports`).
    pub modules: BTreeSet<String>,
    /// Local name to qualified name (Bandit's `import_aliases`).
    pub aliases: BTreeMap<String, String>,
}

impl Imports {
    /// Bandit's `is_module_imported_like`: any import containing `module`.
    pub fn imported_like(&self, module: &str) -> bool {
        self.modules.iter().any(|m| m.contains(module))
    }

    /// Bandit's `is_module_imported_exact`.
    pub fn imported_exact(&self, module: &str) -> bool {
        self.modules.contains(module)
    }

    /// Bandit's `_get_attr_qual_name`: the dotted name with the first part resolved.
    pub fn qualified(&self, expr: &Expr) -> String {
        match expr {
            Expr::Name(name) => self.aliases.get(name.id.as_str()).cloned().unwrap_or_else(|| name.id.to_string()),
            Expr::Attribute(attr) => {
                let name = format!("{}.{}", self.qualified(&attr.value), attr.attr.as_str());
                self.aliases.get(&name).cloned().unwrap_or(name)
            }
            _ => String::new(),
        }
    }

    /// Bandit's `get_call_name`: the qualified name of what is called.
    pub fn call_name(&self, call: &ast::ExprCall) -> String {
        match call.func.as_ref() {
            Expr::Name(_) | Expr::Attribute(_) => self.qualified(&call.func),
            _ => String::new(),
        }
    }

    fn record(&mut self, stmt: &Stmt) {
        match stmt {
            Stmt::Import(import) => {
                for alias in &import.names {
                    if let Some(asname) = &alias.asname {
                        self.aliases.insert(asname.to_string(), alias.name.to_string());
                    }
                    self.modules.insert(alias.name.to_string());
                }
            }
            Stmt::ImportFrom(import) => match &import.module {
                // `from . import x` is handled like `import x`, as Bandit does.
                None => {
                    for alias in &import.names {
                        if let Some(asname) = &alias.asname {
                            self.aliases.insert(asname.to_string(), alias.name.to_string());
                        }
                        self.modules.insert(alias.name.to_string());
                    }
                }
                Some(module) => {
                    for alias in &import.names {
                        let qualified = format!("{}.{}", module.as_str(), alias.name.as_str());
                        let local = alias.asname.as_ref().unwrap_or(&alias.name).to_string();
                        self.aliases.insert(local, qualified.clone());
                        self.modules.insert(qualified);
                    }
                }
            },
            _ => {}
        }
    }
}

/// Where an expression sits, for the rules that look one level up (Bandit's `_bandit_parent`).
#[derive(Clone, Copy, PartialEq)]
pub enum Place<'a> {
    /// A positional argument of this call.
    CallArgument(&'a ast::ExprCall),
    /// A statement of its own (`Expr` statement): Bandit skips strings there (docstrings).
    ExpressionStatement,
    /// The left or right of a binary operation.
    BinOpOperand,
    /// The object of an attribute access (`"...".format`).
    AttributeValue,
    Other,
}

/// The walk: rules are called from here with what they need.
pub struct Walker<'s> {
    pub positions: Positions,
    pub imports: Imports,
    pub findings: Vec<Finding>,
    pub source: &'s str,
    /// Set when the code nests deeper than [`MAX_DEPTH`].
    pub too_deep: bool,
}

impl<'s> Walker<'s> {
    pub fn new(source: &'s str) -> Walker<'s> {
        Walker {
            positions: Positions::new(source),
            imports: Imports::default(),
            findings: Vec::new(),
            source,
            too_deep: false,
        }
    }

    pub fn walk_body(&mut self, body: &[Stmt], depth: usize) {
        for stmt in body {
            self.walk_stmt(stmt, depth);
        }
    }

    fn walk_stmt(&mut self, stmt: &Stmt, depth: usize) {
        if depth > MAX_DEPTH {
            self.too_deep = true;
            return;
        }
        let d = depth + 1;
        self.imports.record(stmt);
        rules::on_stmt(self, stmt);
        match stmt {
            Stmt::FunctionDef(def) => {
                for decorator in &def.decorator_list {
                    self.walk_expr(&decorator.expression, Place::Other, d);
                }
                for param in def.parameters.iter_non_variadic_params() {
                    if let Some(default) = &param.default {
                        self.walk_expr(default, Place::Other, d);
                    }
                }
                self.walk_body(&def.body, d);
            }
            Stmt::ClassDef(class) => {
                for decorator in &class.decorator_list {
                    self.walk_expr(&decorator.expression, Place::Other, d);
                }
                if let Some(arguments) = &class.arguments {
                    for arg in arguments.args.iter() {
                        self.walk_expr(arg, Place::Other, d);
                    }
                }
                self.walk_body(&class.body, d);
            }
            Stmt::Return(ret) => {
                if let Some(value) = &ret.value {
                    self.walk_expr(value, Place::Other, d);
                }
            }
            Stmt::Assign(assign) => {
                for target in &assign.targets {
                    self.walk_expr(target, Place::Other, d);
                }
                self.walk_expr(&assign.value, Place::Other, d);
            }
            Stmt::AugAssign(assign) => {
                self.walk_expr(&assign.target, Place::Other, d);
                self.walk_expr(&assign.value, Place::Other, d);
            }
            Stmt::AnnAssign(assign) => {
                self.walk_expr(&assign.target, Place::Other, d);
                if let Some(value) = &assign.value {
                    self.walk_expr(value, Place::Other, d);
                }
            }
            Stmt::For(stmt) => {
                self.walk_expr(&stmt.target, Place::Other, d);
                self.walk_expr(&stmt.iter, Place::Other, d);
                self.walk_body(&stmt.body, d);
                self.walk_body(&stmt.orelse, d);
            }
            Stmt::While(stmt) => {
                self.walk_expr(&stmt.test, Place::Other, d);
                self.walk_body(&stmt.body, d);
                self.walk_body(&stmt.orelse, d);
            }
            Stmt::If(stmt) => {
                self.walk_expr(&stmt.test, Place::Other, d);
                self.walk_body(&stmt.body, d);
                for clause in &stmt.elif_else_clauses {
                    if let Some(test) = &clause.test {
                        self.walk_expr(test, Place::Other, d);
                    }
                    self.walk_body(&clause.body, d);
                }
            }
            Stmt::With(stmt) => {
                for item in &stmt.items {
                    self.walk_expr(&item.context_expr, Place::Other, d);
                    if let Some(vars) = &item.optional_vars {
                        self.walk_expr(vars, Place::Other, d);
                    }
                }
                self.walk_body(&stmt.body, d);
            }
            Stmt::Try(stmt) => {
                self.walk_body(&stmt.body, d);
                for handler in &stmt.handlers {
                    let ast::ExceptHandler::ExceptHandler(handler) = handler;
                    if let Some(kind) = &handler.type_ {
                        self.walk_expr(kind, Place::Other, d);
                    }
                    self.walk_body(&handler.body, d);
                }
                self.walk_body(&stmt.orelse, d);
                self.walk_body(&stmt.finalbody, d);
            }
            Stmt::Expr(stmt) => self.walk_expr(&stmt.value, Place::ExpressionStatement, d),
            Stmt::Assert(stmt) => {
                self.walk_expr(&stmt.test, Place::Other, d);
                if let Some(msg) = &stmt.msg {
                    self.walk_expr(msg, Place::Other, d);
                }
            }
            Stmt::Raise(stmt) => {
                if let Some(exc) = &stmt.exc {
                    self.walk_expr(exc, Place::Other, d);
                }
            }
            Stmt::Delete(stmt) => {
                for target in &stmt.targets {
                    self.walk_expr(target, Place::Other, d);
                }
            }
            Stmt::Match(stmt) => {
                self.walk_expr(&stmt.subject, Place::Other, d);
                for case in &stmt.cases {
                    if let Some(guard) = &case.guard {
                        self.walk_expr(guard, Place::Other, d);
                    }
                    self.walk_body(&case.body, d);
                }
            }
            _ => {}
        }
    }

    pub fn walk_expr(&mut self, expr: &Expr, place: Place<'_>, depth: usize) {
        if depth > MAX_DEPTH {
            self.too_deep = true;
            return;
        }
        let d = depth + 1;
        rules::on_expr(self, expr, place);
        match expr {
            Expr::Call(call) => {
                self.walk_expr(&call.func, Place::Other, d);
                for arg in call.arguments.args.iter() {
                    self.walk_expr(arg, Place::CallArgument(call), d);
                }
                for keyword in call.arguments.keywords.iter() {
                    self.walk_expr(&keyword.value, Place::Other, d);
                }
            }
            Expr::BinOp(binop) => {
                self.walk_expr(&binop.left, Place::BinOpOperand, d);
                self.walk_expr(&binop.right, Place::BinOpOperand, d);
            }
            Expr::BoolOp(op) => {
                for value in &op.values {
                    self.walk_expr(value, Place::Other, d);
                }
            }
            Expr::UnaryOp(op) => self.walk_expr(&op.operand, Place::Other, d),
            Expr::Compare(cmp) => {
                self.walk_expr(&cmp.left, Place::Other, d);
                for c in cmp.comparators.iter() {
                    self.walk_expr(c, Place::Other, d);
                }
            }
            Expr::Attribute(attr) => self.walk_expr(&attr.value, Place::AttributeValue, d),
            Expr::Subscript(sub) => {
                self.walk_expr(&sub.value, Place::Other, d);
                self.walk_expr(&sub.slice, Place::Other, d);
            }
            Expr::List(list) => {
                for e in &list.elts {
                    self.walk_expr(e, Place::Other, d);
                }
            }
            Expr::Tuple(tuple) => {
                for e in &tuple.elts {
                    self.walk_expr(e, Place::Other, d);
                }
            }
            Expr::Set(set) => {
                for e in &set.elts {
                    self.walk_expr(e, Place::Other, d);
                }
            }
            Expr::Dict(dict) => {
                for item in &dict.items {
                    if let Some(key) = &item.key {
                        self.walk_expr(key, Place::Other, d);
                    }
                    self.walk_expr(&item.value, Place::Other, d);
                }
            }
            Expr::If(e) => {
                self.walk_expr(&e.test, Place::Other, d);
                self.walk_expr(&e.body, Place::Other, d);
                self.walk_expr(&e.orelse, Place::Other, d);
            }
            Expr::Lambda(e) => self.walk_expr(&e.body, Place::Other, d),
            Expr::Await(e) => self.walk_expr(&e.value, Place::Other, d),
            Expr::Starred(e) => self.walk_expr(&e.value, Place::Other, d),
            Expr::Named(e) => self.walk_expr(&e.value, Place::Other, d),
            Expr::FString(fstring) => {
                for element in fstring.value.elements() {
                    if let ast::InterpolatedStringElement::Interpolation(interpolation) = element {
                        self.walk_expr(&interpolation.expression, Place::Other, d);
                    }
                }
            }
            Expr::ListComp(e) => {
                self.walk_expr(&e.elt, Place::Other, d);
                self.walk_generators(&e.generators, d);
            }
            Expr::SetComp(e) => {
                self.walk_expr(&e.elt, Place::Other, d);
                self.walk_generators(&e.generators, d);
            }
            Expr::Generator(e) => {
                self.walk_expr(&e.elt, Place::Other, d);
                self.walk_generators(&e.generators, d);
            }
            Expr::DictComp(e) => {
                // No key is `{**d for d in ds}` (PEP 798 dict unpacking, which this parser reads).
                if let Some(key) = &e.key {
                    self.walk_expr(key, Place::Other, d);
                }
                self.walk_expr(&e.value, Place::Other, d);
                self.walk_generators(&e.generators, d);
            }
            _ => {}
        }
    }

    fn walk_generators(&mut self, generators: &[ast::Comprehension], d: usize) {
        for generator in generators {
            self.walk_expr(&generator.iter, Place::Other, d);
            for condition in &generator.ifs {
                self.walk_expr(condition, Place::Other, d);
            }
        }
    }
}
