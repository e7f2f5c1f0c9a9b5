//! What the community seeds write: questions and discussions about the
//! catalogue's topics in English and 中文, answers and comments. Shared by the
//! demo (`community`) and the scale seed (`scale_community`).

use rand::{Rng, seq::SliceRandom};

use super::content::{
    DATA, DB, FINANCE, ML, PHOTO, PRODUCT, RECSYS, RUST, TOPICS, Topic, WEB, WRITING,
};

/// The community-wide 中文 thread search tests look for.
pub const RECSYS_TITLE_ZH: &str = "个性化推荐算法入门";
/// The English thread search tests look for (its title says "recommendation").
pub const RECSYS_TITLE_EN: &str = "How do I evaluate a recommendation model offline?";

pub const RECSYS_BODY_ZH: &str = "最近在学习推荐系统，想从零开始搭一个**个性化推荐**的小项目，比如给学习平台推荐课程。\n\n目前的理解是：\n\n1. 先用热门推荐做基线\n2. 再试试基于物品的协同过滤\n3. 最后用召回率和 NDCG 做离线评估\n\n```python\nimport numpy as np\n\nnorms = np.linalg.norm(X, axis=0) + 1e-9\nsimilarity = (X.T @ X) / np.outer(norms, norms)\nscores = X[user] @ similarity\n```\n\n这个路线对吗？入门阶段还有哪些必须掌握的算法？";

/// A hand-written thread: topic, 中文, question (else discussion), title, detail.
type Written = (usize, bool, bool, &'static str, &'static str);

#[rustfmt::skip]
const WRITTEN: &[Written] = &[
    (RUST, false, true, "Why does the borrow checker reject my loop that pushes into a Vec while iterating?", "I iterate over `items` and push derived values back into the same vector. The compiler says I cannot borrow `items` as mutable because it is also borrowed as immutable."),
    (RUST, false, true, "When should I use Arc<Mutex<T>> instead of channels?", "My worker threads all update a shared map of counters. It works with `Arc<Mutex<HashMap<..>>>`, but a colleague says I should send messages instead."),
    (RUST, false, true, "How do I return an iterator from a function without boxing it?", "I want a function that takes a slice and returns a lazy iterator over it. `impl Iterator` works until I add a lifetime, then I get lost."),
    (RUST, false, false, "What finally made lifetimes click for you?", "I have read the book chapter twice. Drawing scopes on paper helped a bit."),
    (RUST, false, true, "Async Rust: why is my future not Send?", "`tokio::spawn` complains that my future is not `Send` because a `MutexGuard` is held across an `.await`."),
    (RUST, true, true, "Rust 里 String 和 &str 到底怎么选？", "写函数参数的时候总是纠结用 `String` 还是 `&str`，编译器报的错也看不太懂。"),
    (RUST, true, true, "为什么我的结构体里不能直接存引用？", "给结构体加了一个 `&str` 字段，然后就开始报生命周期错误，加了 `'a` 之后越改越乱。"),
    (RUST, true, false, "从 Python 转 Rust 的一些体会", "用 Rust 重写了一个数据清洗脚本，速度快了二十倍，但前两周基本都在和借用检查器斗争。"),
    (RUST, true, true, "tokio 里 spawn 的任务怎么优雅地退出？", "服务关闭的时候希望后台任务把手上的工作做完再退出，不知道该用 `CancellationToken` 还是 channel。"),
    (DATA, false, true, "pandas groupby is slow on 20 million rows: what are my options?", "A `groupby(['user_id', 'day']).agg(...)` takes several minutes on my laptop and sometimes runs out of memory."),
    (DATA, false, true, "How do you handle missing values without fooling yourself?", "About 15 % of the `income` column is empty. Filling with the mean feels wrong, and dropping rows loses a lot of data."),
    (DATA, false, false, "Show us your exploratory data analysis checklist", "Mine starts with shape, dtypes, missing values and the ten most common values of every column."),
    (DATA, false, true, "SettingWithCopyWarning keeps coming back: what is it really telling me?", "I filter a DataFrame, then assign a new column, and pandas warns me even though the result looks right."),
    (DATA, true, true, "pandas 读取大 CSV 内存不够怎么办？", "一个 8 GB 的订单文件，`read_csv` 直接把内存吃满了，电脑卡死。"),
    (DATA, true, true, "数据清洗的时候异常值应该删掉还是保留？", "订单金额里有几笔特别大的，不确定是真实的大客户还是录入错误。"),
    (DATA, true, false, "分享一个我做的电商用户分析项目", "用课程里学到的方法分析了公开的电商数据集，做了留存和复购分析，欢迎大家提意见。"),
    (DATA, true, true, "Jupyter Notebook 越写越乱，大家怎么组织代码？", "一个分析做下来有两百多个单元格，过两周自己都看不懂了。"),
    (ML, false, true, "My validation accuracy is great but the model fails in production", "Offline I get 0.94 AUC, but after deployment the predictions are barely better than random."),
    (ML, false, true, "Gradient boosting or a neural network for tabular data?", "I have 200k rows and about 60 features, mostly categorical. Everyone online seems to have a strong opinion."),
    (ML, false, false, "What was your first machine learning project that actually shipped?", "Mine was a churn model that ran as a nightly batch job. Nothing fancy, but people used it."),
    (ML, false, true, "How do I choose a learning rate without guessing?", "The loss explodes at 1e-2 and barely moves at 1e-5. Is there a systematic way?"),
    (ML, true, true, "过拟合了怎么办？训练集 99%，验证集只有 70%", "用的是一个三层的全连接网络，数据只有几千条。"),
    (ML, true, true, "类别特征很多的时候怎么编码？", "有一个城市字段有两千多个取值，one-hot 之后维度太高了。"),
    (ML, true, false, "大家是怎么读机器学习论文的？", "每次读到公式推导就卡住，想听听大家的方法。"),
    (ML, true, true, "深度学习入门先学 PyTorch 还是 TensorFlow？", "零基础，想做计算机视觉方向，网上说法不一。"),
    (RECSYS, false, true, RECSYS_TITLE_EN, "I have three months of click logs. Should I split by time or at random, and which metrics should I report besides accuracy?"),
    (RECSYS, false, true, "Cold start: what do you recommend to a brand-new user?", "Our catalogue has 50k items, and a third of the sessions come from users we have never seen."),
    (RECSYS, false, false, "Popularity baselines are embarrassingly hard to beat", "Our matrix factorisation model beat most-popular by only 2 % recall@20. Is this normal?"),
    (RECSYS, false, true, "Implicit feedback: how do you treat items a user never saw?", "Treating every unseen item as a negative feels wrong, but sampling negatives changes the metrics a lot."),
    (RECSYS, true, true, "协同过滤和基于内容的推荐该怎么选？", "我们是一个做在线课程的小团队，用户行为数据不多，但课程的文字描述很全。"),
    (RECSYS, true, true, "推荐系统的召回和排序具体是怎么分工的？", "看了很多文章都说召回负责找全、排序负责排准，但落到代码上还是不太明白。"),
    (RECSYS, true, false, "推荐系统里的多样性和准确率怎么平衡？", "线上发现推荐结果越来越集中在几门热门课程上，用户反馈说千篇一律。"),
    (WEB, false, true, "useEffect runs twice in development: is my code wrong?", "My fetch in `useEffect` fires twice locally and I get duplicate rows in the list."),
    (WEB, false, true, "Grid or flexbox for a card layout that wraps?", "I want cards of equal width that wrap onto new lines and keep the last row left-aligned."),
    (WEB, false, false, "How do you keep a TypeScript codebase's types honest?", "We have `any` creeping in everywhere, and turning on the strict flags feels like a big-bang change."),
    (WEB, false, true, "How do I make a custom dropdown accessible?", "Screen readers announce my dropdown as a group of links, and keyboard users cannot open it."),
    (WEB, true, true, "前端页面首屏加载太慢，从哪里开始优化？", "打包出来的 JS 有 3 MB，移动端首屏要五六秒。"),
    (WEB, true, true, "TypeScript 的泛型什么时候用比较合适？", "看别人的代码里泛型到处都是，自己写的时候总是想不到用。"),
    (WEB, true, false, "分享一下我们团队的前端代码规范", "整理了一份 ESLint 和 Prettier 的配置，以及代码评审时重点关注的几个问题。"),
    (WEB, true, true, "CSS 垂直居中到底有几种写法？", "水平居中会了，垂直居中每次都要查。"),
    (PRODUCT, false, true, "How many users do I really need for a usability test?", "My manager wants statistically significant results; I have budget for about six sessions."),
    (PRODUCT, false, false, "Share a product decision you got wrong", "We built a feature nobody asked for because one big customer requested it. Here is what we learned."),
    (PRODUCT, false, true, "How do you write a problem statement the whole team agrees on?", "Every kickoff turns into a debate about solutions before we agree on the problem."),
    (PRODUCT, true, true, "产品经理怎么判断一个需求值不值得做？", "业务方每周提十几个需求，全都说是最高优先级。"),
    (PRODUCT, true, false, "用户访谈有哪些常见的坑？", "第一次做用户访谈，发现用户说的和实际做的完全不一样。"),
    (PRODUCT, true, true, "原型做到什么精度再给开发看比较好？", "高保真原型很花时间，低保真又怕开发理解偏了。"),
    (PHOTO, false, true, "Why are my indoor photos always blurry?", "I shoot at f/4 with auto ISO, but anything that moves comes out soft."),
    (PHOTO, false, false, "Post your best photo from this week's assignment", "Theme: shadows. Tell us the settings and what you would change."),
    (PHOTO, false, true, "Is a 50mm prime still the best first lens?", "I have the kit zoom and mostly photograph people and street scenes."),
    (PHOTO, true, true, "手机拍夜景总是糊，有什么技巧？", "用的是夜景模式，但一拍人就糊。"),
    (PHOTO, true, false, "分享一组街头摄影作业，求点评", "按照课上的方法练了两周，总觉得构图有点乱。"),
    (PHOTO, true, true, "人像拍摄时怎么引导不会摆姿势的朋友？", "朋友一面对镜头就僵硬，拍出来都很不自然。"),
    (FINANCE, false, true, "Should I pay off my student loan or invest first?", "The loan is at 4.5 %. I have an emergency fund of four months of expenses."),
    (FINANCE, false, false, "What does your savings rate look like after a year of tracking?", "Tracking every expense for a year moved mine from 8 % to 21 %."),
    (FINANCE, false, true, "How often should I rebalance my portfolio?", "I hold a world index fund and a bond fund at 70/30."),
    (FINANCE, true, true, "基金定投应该选什么指数？", "刚开始定投，每月两千元，看了沪深300和中证500不知道怎么选。"),
    (FINANCE, true, true, "应急资金放在哪里比较合适？", "存了六个月的生活费，放活期觉得收益太低。"),
    (FINANCE, true, false, "记账一年，我的消费发生了哪些变化", "坚持用表格记账一年，发现最大的开销不是房租而是外卖。"),
    (DB, false, true, "Why is PostgreSQL not using my index?", "`EXPLAIN` shows a sequential scan even though I have an index on `created_at`."),
    (DB, false, true, "How should I model tags: an array column or a join table?", "Threads can have up to five tags and we need to filter by tag quickly."),
    (DB, false, false, "Your favourite window-function trick", "Mine: `ROW_NUMBER()` per group to take the latest row of each user."),
    (DB, false, true, "What isolation level do you use for counters?", "Two transactions increment the same counter and sometimes one update is lost."),
    (DB, true, true, "MySQL 大表加字段会锁表吗？", "线上一张两亿行的订单表，需要加一个字段。"),
    (DB, true, true, "联合索引的字段顺序应该怎么排？", "查询条件里有 `user_id`、`status` 和 `created_at`，不知道索引怎么建。"),
    (DB, true, false, "数据仓库分层大家是怎么做的？", "ODS、DWD、DWS、ADS，实际项目里真的需要这么多层吗？"),
    (WRITING, false, true, "How do I make my design docs shorter without losing detail?", "My last doc was 14 pages and I am fairly sure nobody read past page three."),
    (WRITING, false, false, "Before and after: share an edit you are proud of", "Post a paragraph before and after your edit, and say what you changed."),
    (WRITING, false, true, "Tips for writing a postmortem that isn't a blame game?", "We had an outage last week and I have been asked to write the report."),
    (WRITING, true, true, "周报怎么写才不像流水账？", "每周写的都是做了什么，领导说看不出重点。"),
    (WRITING, true, false, "分享一篇你觉得写得特别好的技术文档", "最近在学技术写作，想找一些好的范例来学习。"),
    (WRITING, true, true, "写作时总是拖延，怎么写出第一句？", "打开文档就发呆，半小时写不出一句话。"),
];

const QUESTION_TITLES_EN: &[&str] = &[
    "How do I get started with {s}?",
    "What is the best way to practise {s} on the side?",
    "Which resources helped you most with {s}?",
    "Stuck on {s}: how do you debug this kind of problem?",
    "Is {s} worth learning in 2026?",
    "How long did it take you to feel confident with {s}?",
    "What mistakes did you make when you started with {s}?",
    "{s} in a real project: where do I begin?",
    "Beginner question about {s}",
    "How do you explain {s} to a colleague?",
];
const DISCUSSION_TITLES_EN: &[&str] = &[
    "Share your {s} project",
    "{s} study group: weekly notes",
    "What I learned from a month of {s}",
    "{s} tips you wish you had known earlier",
    "Your favourite {s} resources, 2026 edition",
];
const QUESTION_TITLES_ZH: &[&str] = &[
    "{s}零基础应该怎么入门？",
    "学{s}有什么推荐的资料？",
    "{s}遇到一个问题，求助",
    "{s}在实际工作中用得多吗？",
    "自学{s}多久能上手？",
    "{s}有哪些常见的坑？",
    "{s}的练习项目怎么选？",
    "请教一个关于{s}的基础问题",
];
const DISCUSSION_TITLES_ZH: &[&str] = &[
    "分享一下我的{s}学习笔记",
    "{s}学习打卡帖",
    "聊聊你在工作中是怎么用{s}的",
    "{s}经验交流",
    "{s}避坑指南，欢迎补充",
];

const CONTEXTS_EN: &[&str] = &[
    "I have been learning {s} in the evenings for a few weeks now.",
    "At work we just adopted {s}, and I am the one who has to make it stick.",
    "I finished the first half of a course on {s} and started a small project of my own.",
    "Coming from a different background, {s} still feels unfamiliar to me.",
    "I have used {s} for about a year, but mostly by copying what others did.",
];
const CONTEXTS_ZH: &[&str] = &[
    "最近在业余时间学习{s}，已经坚持了几周。",
    "公司刚开始用{s}，我负责推动落地。",
    "跟着课程学完了{s}的前半部分，开始做自己的小项目。",
    "我是转行过来的，{s}对我来说还比较陌生。",
    "用{s}大概一年了，但大多是照着别人的做法来。",
];
const ATTEMPTS_EN: &[&str] = &[
    "The course suggests that I {p}. I tried, but I am not sure I am doing it right.",
    "My plan was to {p}, but I got stuck halfway.",
    "Someone told me to {p}. Is that really the first step?",
    "I tried to {p}, and it raised more questions than it answered.",
];
const ATTEMPTS_ZH: &[&str] = &[
    "课程里建议{p}，我试了一下，但不确定做得对不对。",
    "本来打算{p}，结果做到一半卡住了。",
    "有人说第一步应该{p}，真的是这样吗？",
    "我试着{p}，结果问题反而更多了。",
];
const HABITS_EN: &str = "One habit that helped me: {p}.";
const HABITS_ZH: &str = "对我帮助最大的一个习惯是：{p}。";
const CLOSINGS_QUESTION_EN: &[&str] = &[
    "What am I missing?",
    "Any pointers are welcome.",
    "How would you approach it?",
    "Thanks in advance!",
];
const CLOSINGS_DISCUSSION_EN: &[&str] = &[
    "Curious how others do it.",
    "Share yours below!",
    "Happy to hear what worked for you.",
];
const CLOSINGS_QUESTION_ZH: &[&str] = &[
    "请问我漏掉了什么？",
    "求大佬指点。",
    "大家会怎么做？",
    "先谢谢大家！",
];
const CLOSINGS_DISCUSSION_ZH: &[&str] = &[
    "想听听大家的做法。",
    "欢迎在下面分享你的经验！",
    "有什么好方法欢迎交流。",
];

const ANSWER_OPENERS_EN: &[&str] = &[
    "I ran into the same thing last year.",
    "Short answer: it depends, but here is what worked for me.",
    "Good question, this trips up a lot of people.",
    "Two things helped me here.",
    "I teach this topic, and this is the part most people find hardest.",
    "Not an expert, but this is what I do.",
];
const ANSWER_OPENERS_ZH: &[&str] = &[
    "我去年也遇到过一模一样的问题。",
    "简单说：看情况，但下面是我的做法。",
    "好问题，很多人都会在这里卡住。",
    "有两点对我帮助很大。",
    "我在课上讲过这个，这确实是最容易出错的地方。",
    "不算专家，说说我自己的经验。",
];
const ANSWER_ADVICE_EN: &[&str] = &[
    "First, {p}: it usually shows where the problem is.",
    "Before changing anything, {p}.",
    "The habit that helped me most: {p}.",
    "Try this: {p}, then come back with what you found.",
];
const ANSWER_ADVICE_ZH: &[&str] = &[
    "首先，{p}，通常问题就出在这里。",
    "在改任何东西之前，先{p}。",
    "对我帮助最大的习惯是：{p}。",
    "试着{p}，然后把结果贴上来。",
];
const ANSWER_CLOSERS_EN: &[&str] = &[
    "Hope this helps.",
    "Happy to look at your code if you post it.",
    "Good luck, and report back!",
    "The later lessons of the course cover this in more depth.",
];
const ANSWER_CLOSERS_ZH: &[&str] = &[
    "希望有帮助。",
    "可以把代码贴出来，我帮你看看。",
    "加油，有进展记得回来更新！",
    "课程后面几节会讲得更详细。",
];

/// Short comments, on threads and answers alike.
pub const COMMENTS_EN: &[&str] = &[
    "Thanks, that fixed it for me.",
    "+1, I had exactly the same problem.",
    "Could you post the full error message?",
    "Which version are you on?",
    "Great explanation, bookmarked.",
    "I would add: measure before you change anything.",
    "Did you try the approach from the third lesson?",
    "Same question here.",
    "Nice write-up!",
    "This should be the accepted answer.",
    "Interesting, I had the opposite experience.",
    "Can you share a minimal example?",
    "Agreed, the simple baseline matters more than people think.",
    "Following, I am curious about the answer too.",
    "That link in the course notes covers this as well.",
    "Worked for me after a restart, thanks!",
];
pub const COMMENTS_ZH: &[&str] = &[
    "谢谢，问题解决了！",
    "同问，我也卡在这里。",
    "能贴一下完整的报错信息吗？",
    "你用的是哪个版本？",
    "讲得很清楚，收藏了。",
    "补充一点：先测量，再动手改。",
    "第三节课里也讲到了这个。",
    "学到了，感谢分享！",
    "我试了一下，确实有效。",
    "这个回答应该被采纳。",
    "有意思，我的经验正好相反。",
    "能给一个最小的例子吗？",
    "同意，简单的基线比想象中重要。",
    "关注一下，也想知道答案。",
    "mark 一下，周末试试。",
    "终于看懂了，感谢！",
];

/// A topic for a community-wide thread, the catalogue's busiest subjects
/// (Rust, data, ML, recommendations, web) most often.
pub fn pick_topic(rng: &mut impl Rng) -> usize {
    const WEIGHTS: [u32; 10] = [16, 14, 16, 14, 12, 6, 5, 6, 8, 3];
    let total: u32 = WEIGHTS.iter().sum();
    let mut x = rng.gen_range(0..total);
    for (topic, &w) in WEIGHTS.iter().enumerate() {
        if x < w {
            return topic;
        }
        x -= w;
    }
    WEIGHTS.len() - 1
}

fn pick<'a>(rng: &mut impl Rng, pool: &[&'a str]) -> &'a str {
    pool[rng.gen_range(0..pool.len())]
}

fn code_block(topic: &Topic) -> Option<String> {
    topic
        .code
        .map(|(language, code)| format!("```{language}\n{code}\n```"))
}

/// A thread's title and markdown body about a topic: a hand-written one
/// (about one in three) or one built from the topic's subjects and points.
pub fn thread_text(
    rng: &mut impl Rng,
    topic_index: usize,
    zh: bool,
    question: bool,
) -> (String, String) {
    let topic = &TOPICS[topic_index];
    let closings = match (zh, question) {
        (false, true) => CLOSINGS_QUESTION_EN,
        (false, false) => CLOSINGS_DISCUSSION_EN,
        (true, true) => CLOSINGS_QUESTION_ZH,
        (true, false) => CLOSINGS_DISCUSSION_ZH,
    };
    let with_code = question && rng.gen_bool(0.3);
    let code = with_code.then(|| code_block(topic)).flatten();
    let written: Vec<&Written> = WRITTEN
        .iter()
        .filter(|w| w.0 == topic_index && w.1 == zh && w.2 == question)
        .collect();
    if !written.is_empty() && rng.gen_bool(0.35) {
        let &(_, _, _, title, detail) = written[rng.gen_range(0..written.len())];
        let mut body = detail.to_owned();
        if let Some(code) = code {
            body.push_str(if zh {
                "\n\n简化后的代码：\n\n"
            } else {
                "\n\nA simplified version:\n\n"
            });
            body.push_str(&code);
        }
        body.push_str("\n\n");
        body.push_str(pick(rng, closings));
        return (title.to_owned(), body);
    }
    let (subjects, points) = if zh {
        (topic.subjects_zh, topic.points_zh)
    } else {
        (topic.subjects_en, topic.points_en)
    };
    let subject = pick(rng, subjects);
    let point = pick(rng, points);
    let titles = match (zh, question) {
        (false, true) => QUESTION_TITLES_EN,
        (false, false) => DISCUSSION_TITLES_EN,
        (true, true) => QUESTION_TITLES_ZH,
        (true, false) => DISCUSSION_TITLES_ZH,
    };
    let title = pick(rng, titles).replace("{s}", subject);
    let context = pick(rng, if zh { CONTEXTS_ZH } else { CONTEXTS_EN }).replace("{s}", subject);
    let middle = if question {
        pick(rng, if zh { ATTEMPTS_ZH } else { ATTEMPTS_EN })
    } else if zh {
        HABITS_ZH
    } else {
        HABITS_EN
    }
    .replace("{p}", point);
    let mut body = format!("{context}\n\n{middle}");
    if let Some(code) = code {
        body.push_str("\n\n");
        body.push_str(&code);
    }
    body.push_str("\n\n");
    body.push_str(pick(rng, closings));
    (title, body)
}

/// An answer's markdown body: advice or a numbered list built from the
/// topic's points, sometimes with code.
pub fn answer_body(rng: &mut impl Rng, topic_index: usize, zh: bool) -> String {
    let topic = &TOPICS[topic_index];
    let points = if zh { topic.points_zh } else { topic.points_en };
    let mut body = pick(
        rng,
        if zh {
            ANSWER_OPENERS_ZH
        } else {
            ANSWER_OPENERS_EN
        },
    )
    .to_owned();
    body.push_str("\n\n");
    if rng.gen_bool(0.35) {
        body.push_str(if zh {
            "我的步骤是：\n\n"
        } else {
            "What I do, in order:\n\n"
        });
        let mut steps: Vec<&str> = points.choose_multiple(rng, 3).copied().collect();
        steps.shuffle(rng);
        for (n, step) in steps.iter().enumerate() {
            body.push_str(&format!("{}. {step}\n", n + 1));
        }
    } else {
        body.push_str(
            &pick(
                rng,
                if zh {
                    ANSWER_ADVICE_ZH
                } else {
                    ANSWER_ADVICE_EN
                },
            )
            .replace("{p}", pick(rng, points)),
        );
        body.push('\n');
    }
    if rng.gen_bool(0.25)
        && let Some(code) = code_block(topic)
    {
        body.push_str(if zh {
            "\n这是我在用的一个最小示例：\n\n"
        } else {
            "\nA minimal version that works for me:\n\n"
        });
        body.push_str(&code);
        body.push('\n');
    }
    if rng.gen_bool(0.7) {
        body.push('\n');
        body.push_str(pick(
            rng,
            if zh {
                ANSWER_CLOSERS_ZH
            } else {
                ANSWER_CLOSERS_EN
            },
        ));
    }
    body.trim_end().to_owned()
}

/// A comment from the pools, in the thread's language most of the time.
pub fn comment_body(rng: &mut impl Rng, zh: bool) -> &'static str {
    let zh = rng.gen_bool(if zh { 0.9 } else { 0.1 });
    pick(rng, if zh { COMMENTS_ZH } else { COMMENTS_EN })
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;
    use rand_xoshiro::Xoshiro256PlusPlus;

    use super::*;

    #[test]
    fn texts_are_in_the_language_asked_for_and_markdown() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(7);
        let han = |s: &str| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
        for topic in 0..TOPICS.len() {
            for zh in [false, true] {
                for question in [false, true] {
                    let (title, body) = thread_text(&mut rng, topic, zh, question);
                    assert!(!title.is_empty() && title.chars().count() <= 200, "{title}");
                    assert!(!title.contains('{') && !body.contains("{s}") && !body.contains("{p}"));
                    assert_eq!(han(&title), zh, "{title}");
                    let answer = answer_body(&mut rng, topic, zh);
                    assert_eq!(han(&answer), zh, "{answer}");
                }
            }
        }
        assert!(WRITTEN.iter().any(|w| w.3 == RECSYS_TITLE_EN));
        assert!(RECSYS_TITLE_EN.contains("recommendation"));
    }
}
