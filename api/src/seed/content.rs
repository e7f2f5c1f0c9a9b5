//! What the demo and scale seeds write about: topics in English and 中文,
//! the demo's courses and creators, names, and the sentences lessons,
//! descriptions and reviews are made of.

use chrono::{DateTime, Duration, Utc};
use entity::courses::{Level, Status};
use rand::{Rng, seq::SliceRandom};

/// A subject area, with the words both seeds write about it.
pub struct Topic {
    /// ASCII, for slugs.
    pub key: &'static str,
    pub tags_en: &'static [&'static str],
    pub tags_zh: &'static [&'static str],
    /// Course subjects (the scale seed builds titles from them).
    pub subjects_en: &'static [&'static str],
    pub subjects_zh: &'static [&'static str],
    /// Things a lesson has the learner do.
    pub points_en: &'static [&'static str],
    pub points_zh: &'static [&'static str],
    /// (language, code) shown in some lessons.
    pub code: Option<(&'static str, &'static str)>,
}

pub const TOPICS: &[Topic] = &[
    Topic {
        key: "rust",
        tags_en: &["rust", "systems programming"],
        tags_zh: &["rust", "编程入门"],
        subjects_en: &[
            "Rust Ownership",
            "Async Rust",
            "Rust Macros",
            "Embedded Rust",
            "Rust for the Web",
            "Rust Error Handling",
            "Unsafe Rust",
            "Rust Performance",
        ],
        subjects_zh: &[
            "Rust 所有权",
            "Rust 异步编程",
            "Rust 宏",
            "嵌入式 Rust",
            "Rust Web 开发",
            "Rust 并发编程",
        ],
        points_en: &[
            "read the compiler's error messages instead of fighting them",
            "write a small program and refactor it twice",
            "compare your version with what the standard library does",
            "use `cargo clippy` to find the idiomatic form",
            "draw who owns each value at every line",
            "write tests before changing the design",
        ],
        points_zh: &[
            "读懂编译器的报错，而不是和它对抗",
            "写一个小程序并重构两次",
            "对照标准库的实现理解背后的设计",
            "用 `cargo clippy` 找到更地道的写法",
            "逐行画出每个值归谁所有",
            "先写测试，再改设计",
        ],
        code: Some((
            "rust",
            "fn main() {\n    let words = vec![\"borrow\", \"own\", \"move\"];\n    let longest = words.iter().max_by_key(|w| w.len());\n    println!(\"{longest:?}\");\n}",
        )),
    },
    Topic {
        key: "data-science",
        tags_en: &["python", "data science", "pandas"],
        tags_zh: &["python", "数据科学", "pandas"],
        subjects_en: &[
            "pandas",
            "Data Cleaning",
            "Exploratory Data Analysis",
            "Data Visualization",
            "Statistics with Python",
            "Jupyter Notebooks",
        ],
        subjects_zh: &[
            "Python 数据分析",
            "数据清洗",
            "探索性数据分析",
            "数据可视化",
            "统计学",
            "pandas",
        ],
        points_en: &[
            "load a real dataset and look at it before touching it",
            "clean missing values and document every choice",
            "group, aggregate and check the totals",
            "plot the result and read it out loud",
            "turn the notebook into a script you can rerun",
            "write down one question the data cannot answer",
        ],
        points_zh: &[
            "加载真实数据集，先观察再动手",
            "处理缺失值，并记录每一个取舍",
            "分组聚合，并核对总数",
            "画出结果图并解读它",
            "把 Notebook 整理成可以重复运行的脚本",
            "写下一个数据回答不了的问题",
        ],
        code: Some((
            "python",
            "import pandas as pd\n\norders = pd.read_csv(\"orders.csv\", parse_dates=[\"created_at\"])\nmonthly = orders.groupby(orders.created_at.dt.to_period(\"M\"))[\"amount\"].sum()\nprint(monthly.tail())",
        )),
    },
    Topic {
        key: "machine-learning",
        tags_en: &["machine learning", "deep learning", "python"],
        tags_zh: &["机器学习", "深度学习", "python"],
        subjects_en: &[
            "Machine Learning",
            "Deep Learning",
            "Neural Networks",
            "Gradient Boosting",
            "Computer Vision",
            "Natural Language Processing",
            "MLOps",
        ],
        subjects_zh: &[
            "机器学习",
            "深度学习",
            "神经网络",
            "梯度提升树",
            "计算机视觉",
            "自然语言处理",
            "大模型应用",
        ],
        points_en: &[
            "split the data before looking at the test set",
            "start from a simple baseline and beat it honestly",
            "plot the learning curves to diagnose over-fitting",
            "inspect the examples the model gets wrong",
            "tune one hyper-parameter at a time",
            "write down what the metric does not capture",
        ],
        points_zh: &[
            "在查看测试集之前先划分数据",
            "从简单的基线模型开始，并诚实地超越它",
            "画出学习曲线诊断过拟合",
            "检查模型预测错误的样本",
            "一次只调一个超参数",
            "想清楚评估指标没有覆盖到的地方",
        ],
        code: Some((
            "python",
            "from sklearn.ensemble import RandomForestClassifier\nfrom sklearn.model_selection import cross_val_score\n\nmodel = RandomForestClassifier(n_estimators=200, random_state=42)\nprint(cross_val_score(model, X, y, cv=5).mean())",
        )),
    },
    Topic {
        key: "recsys",
        tags_en: &["recommender systems", "machine learning"],
        tags_zh: &["推荐系统", "机器学习"],
        subjects_en: &[
            "Recommender Systems",
            "Collaborative Filtering",
            "Learning to Rank",
            "Vector Search",
            "Personalization",
        ],
        subjects_zh: &[
            "推荐系统",
            "个性化推荐",
            "协同过滤",
            "排序模型",
            "向量检索",
            "用户画像",
        ],
        points_en: &[
            "compute a popularity baseline first",
            "build the user–item matrix and look at its sparsity",
            "evaluate offline with recall@k and NDCG",
            "check which users get poor recommendations",
            "think about cold start for new items",
            "measure diversity as well as accuracy",
        ],
        points_zh: &[
            "先计算热门推荐作为基线",
            "构建用户–物品矩阵，观察它的稀疏程度",
            "用召回率和 NDCG 做离线评估",
            "找出推荐效果差的用户群体",
            "思考新物品的冷启动",
            "同时衡量准确性与多样性",
        ],
        code: Some((
            "python",
            "import numpy as np\n\n# item-item cosine similarity on an implicit-feedback matrix\nnorms = np.linalg.norm(X, axis=0) + 1e-9\nsimilarity = (X.T @ X) / np.outer(norms, norms)\nscores = X[user] @ similarity",
        )),
    },
    Topic {
        key: "web",
        tags_en: &["web", "javascript", "typescript"],
        tags_zh: &["web", "前端", "javascript"],
        subjects_en: &[
            "TypeScript",
            "React",
            "CSS Layout",
            "Web Performance",
            "GraphQL",
            "Web Accessibility",
            "Node.js",
        ],
        subjects_zh: &[
            "前端开发",
            "TypeScript",
            "React",
            "CSS 布局",
            "前端性能优化",
            "Node.js",
        ],
        points_en: &[
            "build the smallest page that works, then improve it",
            "open the browser's dev tools and watch the network tab",
            "check the page with a keyboard and a screen reader",
            "measure before and after each change",
            "write a test for the bug before fixing it",
            "deploy a preview and share it",
        ],
        points_zh: &[
            "先做出能用的最小页面，再逐步完善",
            "打开浏览器开发者工具，观察网络请求",
            "只用键盘和读屏软件检查页面",
            "每次修改前后都做测量",
            "修复缺陷之前先写测试",
            "部署一个预览版本并分享出去",
        ],
        code: Some((
            "typescript",
            "type Course = { id: string; title: string; priceCents: number };\n\nexport function formatPrice(course: Course, currency = \"USD\"): string {\n  return new Intl.NumberFormat(\"en\", { style: \"currency\", currency })\n    .format(course.priceCents / 100);\n}",
        )),
    },
    Topic {
        key: "product-design",
        tags_en: &["product design", "ux"],
        tags_zh: &["产品设计", "用户体验"],
        subjects_en: &[
            "Product Design",
            "UX Research",
            "Interaction Design",
            "Design Systems",
            "Product Management",
        ],
        subjects_zh: &[
            "产品设计",
            "用户研究",
            "交互设计",
            "产品经理",
            "设计系统",
            "用户增长",
        ],
        points_en: &[
            "write the problem statement in one sentence",
            "sketch three different solutions before choosing one",
            "test a paper prototype with five people",
            "turn observations into a short list of insights",
            "decide what you will not build",
            "present the decision and the evidence behind it",
        ],
        points_zh: &[
            "用一句话写清楚要解决的问题",
            "先画出三种不同方案，再做选择",
            "找五个人测试纸面原型",
            "把观察整理成几条洞察",
            "明确这次不做什么",
            "陈述决策以及背后的依据",
        ],
        code: None,
    },
    Topic {
        key: "photography",
        tags_en: &["photography"],
        tags_zh: &["摄影"],
        subjects_en: &[
            "Photography",
            "Street Photography",
            "Portrait Lighting",
            "Lightroom",
            "Landscape Photography",
            "Film Photography",
        ],
        subjects_zh: &[
            "摄影",
            "手机摄影",
            "人像摄影",
            "风光摄影",
            "后期修图",
            "胶片摄影",
        ],
        points_en: &[
            "shoot the same subject in three different lights",
            "move your feet before you zoom",
            "check the histogram, not just the screen",
            "pick your ten best frames and say why",
            "edit one photo in five minutes, then stop",
            "print a photo and look at it the next day",
        ],
        points_zh: &[
            "在三种不同光线下拍同一个主体",
            "先移动脚步，再考虑变焦",
            "看直方图，而不只是看屏幕",
            "选出十张最好的照片并说明理由",
            "五分钟修完一张图，然后停下",
            "把照片打印出来，第二天再看",
        ],
        code: None,
    },
    Topic {
        key: "finance",
        tags_en: &["personal finance", "investing"],
        tags_zh: &["投资理财", "个人财务"],
        subjects_en: &[
            "Personal Finance",
            "Index Investing",
            "Financial Statements",
            "Retirement Planning",
            "Budgeting",
        ],
        subjects_zh: &[
            "投资理财",
            "基金定投",
            "财报分析",
            "家庭资产配置",
            "退休规划",
            "保险配置",
        ],
        points_en: &[
            "write down last month's spending from memory, then compare",
            "compute your savings rate",
            "list every fee you pay on investments",
            "decide your asset allocation before you need it",
            "automate one good habit this week",
            "write an investment policy in five lines",
        ],
        points_zh: &[
            "凭记忆写下上个月的支出，再和账单对比",
            "算出自己的储蓄率",
            "列出投资中支付的每一项费用",
            "在需要之前定好资产配置",
            "这周把一个好习惯自动化",
            "用五句话写下自己的投资原则",
        ],
        code: None,
    },
    Topic {
        key: "databases",
        tags_en: &["sql", "postgresql", "databases"],
        tags_zh: &["sql", "数据库"],
        subjects_en: &[
            "SQL",
            "PostgreSQL",
            "Database Design",
            "Data Warehousing",
            "Query Optimization",
        ],
        subjects_zh: &["SQL", "数据库原理", "数据仓库", "MySQL", "查询优化"],
        points_en: &[
            "write the query, then read its plan",
            "add one index and measure the difference",
            "check the result against a hand count",
            "rewrite a subquery as a join and compare",
            "think about what happens under concurrent writes",
            "keep the schema migration reversible",
        ],
        points_zh: &[
            "写出查询，然后读它的执行计划",
            "加一个索引，测量前后的差别",
            "用人工统计核对查询结果",
            "把子查询改写成连接并比较",
            "思考并发写入时会发生什么",
            "让每一次表结构变更都可回滚",
        ],
        code: Some((
            "sql",
            "SELECT c.title, COUNT(*) AS learners\nFROM enrollments e\nJOIN courses c ON c.id = e.course_id\nWHERE e.refunded_at IS NULL\nGROUP BY c.title\nORDER BY learners DESC\nLIMIT 10;",
        )),
    },
    Topic {
        key: "writing",
        tags_en: &["writing", "technical writing"],
        tags_zh: &["写作", "表达"],
        subjects_en: &[
            "Technical Writing",
            "Business Writing",
            "Data Storytelling",
            "Public Speaking",
        ],
        subjects_zh: &["职场写作", "技术写作", "演讲与表达", "新媒体写作"],
        points_en: &[
            "state the main point in the first sentence",
            "cut the draft by a third",
            "replace one abstract word with an example",
            "read the text aloud and fix where you stumble",
            "ask a colleague what they remember after one read",
            "rewrite the title last",
        ],
        points_zh: &[
            "第一句话就说出要点",
            "把初稿删掉三分之一",
            "把一个抽象词换成具体例子",
            "大声朗读，修改读不顺的地方",
            "请同事读一遍，问他记住了什么",
            "最后再改标题",
        ],
        code: None,
    },
];

pub(super) const RUST: usize = 0;
pub(super) const DATA: usize = 1;
pub(super) const ML: usize = 2;
pub(super) const RECSYS: usize = 3;
pub(super) const WEB: usize = 4;
pub(super) const PRODUCT: usize = 5;
pub(super) const PHOTO: usize = 6;
pub(super) const FINANCE: usize = 7;
pub(super) const DB: usize = 8;
pub(super) const WRITING: usize = 9;

/// One hand-written demo course.
pub(super) struct CourseSpec {
    pub(super) topic: usize,
    pub(super) zh: bool,
    pub(super) slug: &'static str,
    pub(super) title: &'static str,
    pub(super) summary: &'static str,
    pub(super) level: Level,
    pub(super) price_cents: i64,
    pub(super) status: Status,
    pub(super) creator: &'static str,
    pub(super) tags: &'static [&'static str],
    pub(super) lessons: &'static [&'static str],
}

use Level::{Advanced, Beginner, Intermediate};
use Status::{Archived, Draft, Published};

#[rustfmt::skip]
pub(super) const COURSES: &[CourseSpec] = &[
    CourseSpec { topic: RUST, zh: false, slug: "rust-ownership-in-practice", title: "Rust Ownership in Practice",
        summary: "Borrowing, lifetimes and smart pointers through small programs you can run.",
        level: Beginner, price_cents: 2990, status: Published, creator: "creator_sam", tags: &["rust", "systems programming"],
        lessons: &["Why Rust has ownership", "Moves, copies and clones", "Borrowing and references", "Lifetimes without fear", "Box, Rc and RefCell", "Error handling with Result", "Project: a word-count CLI"] },
    CourseSpec { topic: RUST, zh: false, slug: "async-rust-with-tokio", title: "Async Rust with Tokio",
        summary: "Futures, tasks and channels: build a small chat server step by step.",
        level: Intermediate, price_cents: 4990, status: Published, creator: "creator_sam", tags: &["rust", "async", "tokio"],
        lessons: &["What a future is", "The Tokio runtime", "Spawning tasks", "Channels: mpsc, oneshot, broadcast", "Timeouts and cancellation", "Shared state with Mutex and RwLock", "Project: a chat server", "Testing async code", "Tracing and debugging"] },
    CourseSpec { topic: RUST, zh: false, slug: "writing-fast-rust", title: "Writing Fast Rust",
        summary: "Measure first: profiling, allocation, SIMD and cache-friendly data layouts.",
        level: Advanced, price_cents: 7990, status: Published, creator: "creator_sam", tags: &["rust", "performance"],
        lessons: &["Benchmarking with criterion", "Reading a flame graph", "Allocation and reuse", "Data layout and the cache", "Iterators and auto-vectorisation", "Parallelism with rayon"] },
    CourseSpec { topic: RUST, zh: true, slug: "rust-from-zero-zh", title: "Rust 零基础入门",
        summary: "从安装工具链到写出第一个命令行程序，用二十个小练习掌握 Rust 基础语法。",
        level: Beginner, price_cents: 0, status: Published, creator: "creator_lin", tags: &["rust", "编程入门"],
        lessons: &["安装 Rust 与 Cargo", "变量、类型与函数", "所有权初识", "结构体与枚举", "模式匹配", "集合类型：Vec 与 HashMap", "错误处理", "实战：待办事项命令行"] },
    CourseSpec { topic: DATA, zh: true, slug: "python-data-analysis-zh", title: "Python 数据分析实战",
        summary: "用 pandas 和 matplotlib 处理真实数据集：清洗、聚合、可视化一条龙。",
        level: Beginner, price_cents: 9900, status: Published, creator: "creator_mei", tags: &["python", "数据科学", "pandas"],
        lessons: &["Jupyter 环境搭建", "NumPy 数组基础", "pandas 的 Series 与 DataFrame", "数据清洗：缺失值与异常值", "分组聚合与透视表", "时间序列处理", "matplotlib 可视化", "案例：电商销售数据分析"] },
    CourseSpec { topic: DATA, zh: true, slug: "statistics-for-analysts-zh", title: "统计学基础：写给数据分析师",
        summary: "均值、方差、假设检验与 A/B 测试，用 Python 把统计概念跑一遍。",
        level: Intermediate, price_cents: 12800, status: Published, creator: "creator_mei", tags: &["数据科学", "统计学", "python"],
        lessons: &["描述统计", "概率分布", "抽样与中心极限定理", "置信区间", "假设检验", "A/B 测试设计", "回归分析入门"] },
    CourseSpec { topic: DATA, zh: false, slug: "python-for-data-science", title: "Python for Data Science",
        summary: "From notebooks to reproducible analyses: pandas, plotting and a tidy project structure.",
        level: Beginner, price_cents: 3990, status: Published, creator: "creator_raj", tags: &["python", "data science", "pandas"],
        lessons: &["Setting up a project", "pandas essentials", "Cleaning messy data", "Joining and reshaping", "Plotting with seaborn", "Reproducible notebooks", "Case study: city bike trips"] },
    CourseSpec { topic: DATA, zh: true, slug: "python-web-scraping-zh", title: "用 Python 做网络爬虫",
        summary: "requests、BeautifulSoup 与 Scrapy，礼貌地抓取公开数据并整理入库。",
        level: Intermediate, price_cents: 4990, status: Archived, creator: "creator_mei", tags: &["python", "爬虫"],
        lessons: &["HTTP 基础", "用 requests 发送请求", "解析 HTML", "处理分页与登录", "Scrapy 框架", "遵守 robots 协议与限速"] },
    CourseSpec { topic: ML, zh: true, slug: "ml-foundations-zh", title: "机器学习入门：从线性回归到随机森林",
        summary: "不堆公式，用 scikit-learn 和直观图解理解最常用的机器学习算法。",
        level: Beginner, price_cents: 19900, status: Published, creator: "creator_hao", tags: &["机器学习", "python", "scikit-learn"],
        lessons: &["机器学习是什么", "线性回归", "逻辑回归与分类", "决策树", "随机森林与集成学习", "模型评估：交叉验证", "特征工程", "过拟合与正则化", "项目：房价预测"] },
    CourseSpec { topic: ML, zh: true, slug: "deep-learning-pytorch-zh", title: "深度学习与 PyTorch 实战",
        summary: "从张量到卷积网络和 Transformer，亲手训练图像分类与文本模型。",
        level: Advanced, price_cents: 19900, status: Published, creator: "creator_hao", tags: &["深度学习", "机器学习", "pytorch"],
        lessons: &["张量与自动求导", "训练循环", "多层感知机", "卷积神经网络", "数据增强", "循环网络与序列", "注意力机制", "Transformer 结构", "迁移学习", "模型部署", "项目：图像分类", "项目：文本情感分析"] },
    CourseSpec { topic: ML, zh: false, slug: "ml-engineering", title: "Machine Learning Engineering",
        summary: "Ship models that keep working: data validation, feature pipelines, monitoring and retraining.",
        level: Advanced, price_cents: 14900, status: Published, creator: "creator_raj", tags: &["machine learning", "mlops"],
        lessons: &["From notebook to service", "Data validation", "Feature pipelines", "Experiment tracking", "Serving models", "Monitoring drift", "Retraining schedules", "Case study: a fraud model"] },
    CourseSpec { topic: ML, zh: false, slug: "neural-networks-from-scratch", title: "Neural Networks from Scratch",
        summary: "Build a tiny autograd engine and train a network with nothing but NumPy.",
        level: Intermediate, price_cents: 2990, status: Draft, creator: "creator_raj", tags: &["machine learning", "deep learning", "python"],
        lessons: &["Neurons and layers", "Gradients by hand", "A tiny autograd engine", "Training on handwritten digits", "Optimisers: SGD to Adam"] },
    CourseSpec { topic: RECSYS, zh: true, slug: "recsys-intro-zh", title: "个性化推荐算法入门",
        summary: "协同过滤、矩阵分解与排序模型：搭建一个能上线的推荐系统原型。",
        level: Intermediate, price_cents: 9900, status: Published, creator: "creator_lin", tags: &["推荐系统", "机器学习"],
        lessons: &["推荐系统全景", "基于内容的推荐", "协同过滤", "矩阵分解与 ALS", "隐式反馈", "召回与排序", "评估指标：召回率与 NDCG", "冷启动问题", "实战：电影推荐"] },
    CourseSpec { topic: RECSYS, zh: true, slug: "recsys-engineering-zh", title: "推荐系统工程实践",
        summary: "特征工程、在线服务、A/B 实验与指标体系，一线推荐团队的日常工作。",
        level: Advanced, price_cents: 19900, status: Published, creator: "creator_lin", tags: &["推荐系统", "工程实践"],
        lessons: &["推荐系统架构", "用户画像与特征", "向量召回", "排序模型：从 LR 到深度模型", "重排与多样性", "在线服务与缓存", "A/B 实验", "指标与监控"] },
    CourseSpec { topic: RECSYS, zh: true, slug: "vector-search-zh", title: "搜索与推荐中的向量检索",
        summary: "Embedding、近似最近邻与 Faiss，理解语义检索背后的原理。",
        level: Advanced, price_cents: 6990, status: Published, creator: "creator_lin", tags: &["推荐系统", "向量检索", "机器学习"],
        lessons: &["什么是 Embedding", "相似度度量", "暴力检索与 KD 树", "局部敏感哈希", "HNSW 图索引", "乘积量化", "Faiss 实战"] },
    CourseSpec { topic: RECSYS, zh: false, slug: "recommender-systems-hands-on", title: "Recommender Systems: A Hands-on Introduction",
        summary: "Collaborative filtering, implicit feedback and offline evaluation with real ratings data.",
        level: Beginner, price_cents: 4990, status: Published, creator: "creator_raj", tags: &["recommender systems", "machine learning", "python"],
        lessons: &["What recommenders do", "Popularity baselines", "User-based and item-based filtering", "Matrix factorisation", "Implicit feedback and ALS", "Offline evaluation", "Beyond accuracy: diversity and novelty"] },
    CourseSpec { topic: WEB, zh: false, slug: "modern-web-typescript", title: "Modern Web Development with TypeScript",
        summary: "Types, modules and tooling for building maintainable front ends.",
        level: Beginner, price_cents: 3990, status: Published, creator: "creator_nina", tags: &["web", "typescript", "javascript"],
        lessons: &["Why TypeScript", "Types and interfaces", "Generics", "Modules and bundlers", "Working with the DOM", "Fetching data", "Testing with Vitest", "Project: a reading-list app"] },
    CourseSpec { topic: WEB, zh: false, slug: "css-layout-mastery", title: "CSS Layout Mastery",
        summary: "Flexbox, grid and responsive design without the guesswork.",
        level: Beginner, price_cents: 0, status: Published, creator: "creator_nina", tags: &["web", "css"],
        lessons: &["The box model", "Flexbox", "CSS grid", "Responsive design", "Container queries", "Accessible colour and type"] },
    CourseSpec { topic: WEB, zh: false, slug: "graphql-apis-end-to-end", title: "GraphQL APIs End to End",
        summary: "Design a schema, resolve it efficiently with DataLoaders, and secure it for production.",
        level: Intermediate, price_cents: 5990, status: Published, creator: "creator_sam", tags: &["web", "graphql", "api design"],
        lessons: &["Thinking in graphs", "Schema design", "Resolvers and DataLoaders", "Pagination with connections", "Authentication and authorisation", "Subscriptions", "Query cost limits", "Schema evolution", "Testing a GraphQL API", "Monitoring in production"] },
    CourseSpec { topic: WEB, zh: true, slug: "frontend-performance-zh", title: "前端性能优化实战",
        summary: "从 Core Web Vitals 入手，定位并解决加载慢、交互卡顿与布局抖动。",
        level: Intermediate, price_cents: 5990, status: Published, creator: "creator_jia", tags: &["web", "前端", "性能优化"],
        lessons: &["性能指标与 Core Web Vitals", "网络与缓存", "图片与字体优化", "JavaScript 拆包与懒加载", "渲染与重排", "性能监控"] },
    CourseSpec { topic: PRODUCT, zh: true, slug: "user-research-zh", title: "产品经理的用户研究课",
        summary: "访谈、问卷与可用性测试：把用户的声音变成可执行的产品决策。",
        level: Beginner, price_cents: 4990, status: Published, creator: "creator_xu", tags: &["产品设计", "用户研究"],
        lessons: &["为什么做用户研究", "招募访谈对象", "访谈提纲设计", "问卷设计与抽样", "可用性测试", "整理洞察：亲和图", "从洞察到需求"] },
    CourseSpec { topic: PRODUCT, zh: true, slug: "interaction-design-zh", title: "交互设计基础",
        summary: "信息架构、交互模式与原型工具，做出用户一看就会用的界面。",
        level: Beginner, price_cents: 3990, status: Published, creator: "creator_xu", tags: &["产品设计", "交互设计", "ux"],
        lessons: &["交互设计的原则", "信息架构", "导航模式", "表单设计", "反馈与状态", "用 Figma 做原型", "设计评审"] },
    CourseSpec { topic: PRODUCT, zh: false, slug: "product-design-systems", title: "Product Design Systems",
        summary: "Tokens, components and documentation that scale a design language across teams.",
        level: Intermediate, price_cents: 6990, status: Draft, creator: "creator_nina", tags: &["product design", "design systems", "ux"],
        lessons: &["What a design system is", "Design tokens", "Component anatomy", "Accessibility built in", "Documentation", "Governance and versioning"] },
    CourseSpec { topic: PRODUCT, zh: true, slug: "zero-to-one-product-zh", title: "从 0 到 1 做产品",
        summary: "需求分析、MVP、增长实验与数据驱动迭代，走完一个产品的完整生命周期。",
        level: Intermediate, price_cents: 9900, status: Published, creator: "creator_xu", tags: &["产品设计", "产品经理"],
        lessons: &["发现问题", "需求优先级", "最小可行产品", "上线与冷启动", "数据埋点", "增长实验", "迭代节奏", "复盘"] },
    CourseSpec { topic: PHOTO, zh: true, slug: "mobile-photography-zh", title: "手机摄影：随手拍出好照片",
        summary: "构图、光线与后期修图，用手机就能拍出有质感的日常。",
        level: Beginner, price_cents: 0, status: Published, creator: "creator_chen", tags: &["摄影", "手机摄影"],
        lessons: &["认识你的手机相机", "构图的九种方法", "利用自然光", "人像拍摄", "夜景与弱光", "后期修图：Snapseed"] },
    CourseSpec { topic: PHOTO, zh: true, slug: "portrait-lighting-zh", title: "人像摄影布光",
        summary: "单灯、双灯到三灯布光，理解光比与方向，拍出有情绪的人像。",
        level: Advanced, price_cents: 12800, status: Published, creator: "creator_chen", tags: &["摄影", "人像", "布光"],
        lessons: &["光的性质", "单灯布光", "伦勃朗光与蝴蝶光", "双灯与三灯", "反光板与柔光", "外景补光", "后期调色"] },
    CourseSpec { topic: PHOTO, zh: false, slug: "street-photography-fundamentals", title: "Street Photography Fundamentals",
        summary: "See, frame and time candid moments in the city, ethically and confidently.",
        level: Beginner, price_cents: 2490, status: Published, creator: "creator_elena", tags: &["photography", "street"],
        lessons: &["Gear that gets out of the way", "Seeing light", "Framing and layers", "Timing the moment", "Photographing strangers respectfully", "Editing a series", "Building a portfolio"] },
    CourseSpec { topic: PHOTO, zh: false, slug: "lightroom-editing-workflow", title: "Lightroom Editing Workflow",
        summary: "Import, cull, grade and export: a repeatable workflow for thousands of photos.",
        level: Intermediate, price_cents: 3490, status: Archived, creator: "creator_elena", tags: &["photography", "editing"],
        lessons: &["Catalog and import", "Culling fast", "Global adjustments", "Colour grading", "Local masks", "Presets that help", "Export for web and print"] },
    CourseSpec { topic: FINANCE, zh: true, slug: "personal-finance-101-zh", title: "普通人的理财第一课",
        summary: "记账、预算、应急金与保险：先把家庭财务的地基打好。",
        level: Beginner, price_cents: 990, status: Published, creator: "creator_li", tags: &["投资理财", "个人财务"],
        lessons: &["认识你的现金流", "记账与预算", "应急金", "负债管理", "保险配置", "设定理财目标"] },
    CourseSpec { topic: FINANCE, zh: true, slug: "index-fund-investing-zh", title: "指数基金投资指南",
        summary: "理解指数、估值与定投，建立一个省心的长期投资组合。",
        level: Intermediate, price_cents: 4990, status: Published, creator: "creator_li", tags: &["投资理财", "指数基金"],
        lessons: &["什么是指数基金", "宽基指数与行业指数", "估值指标：市盈率与市净率", "定投策略", "资产配置", "再平衡", "常见误区"] },
    CourseSpec { topic: FINANCE, zh: true, slug: "reading-financial-statements-zh", title: "读懂财报",
        summary: "资产负债表、利润表与现金流量表，三张表看懂一家公司。",
        level: Advanced, price_cents: 9900, status: Published, creator: "creator_li", tags: &["投资理财", "财务分析"],
        lessons: &["三张表的关系", "资产负债表", "利润表", "现金流量表", "关键财务比率", "识别财务造假信号", "案例：消费公司分析", "案例：科技公司分析"] },
    CourseSpec { topic: FINANCE, zh: false, slug: "investing-basics", title: "Investing Basics for Beginners",
        summary: "Compound interest, diversification and low-cost funds, explained without jargon.",
        level: Beginner, price_cents: 0, status: Published, creator: "creator_li", tags: &["personal finance", "investing"],
        lessons: &["Why invest at all", "Compound interest", "Risk and return", "Diversification", "Index funds", "Building your first portfolio"] },
    CourseSpec { topic: DB, zh: false, slug: "sql-for-analysts", title: "SQL for Analysts",
        summary: "From SELECT to window functions: answer real business questions with SQL.",
        level: Beginner, price_cents: 2990, status: Published, creator: "creator_tom", tags: &["sql", "data science"],
        lessons: &["Tables and queries", "Filtering and sorting", "Joins", "Aggregation", "Subqueries and CTEs", "Window functions", "Query performance basics"] },
    CourseSpec { topic: DB, zh: false, slug: "postgresql-performance-tuning", title: "PostgreSQL Performance Tuning",
        summary: "Read query plans, design indexes and tune a busy PostgreSQL server.",
        level: Advanced, price_cents: 8990, status: Published, creator: "creator_tom", tags: &["sql", "postgresql", "performance"],
        lessons: &["How PostgreSQL executes a query", "Reading EXPLAIN ANALYZE", "B-tree and other indexes", "Partial and covering indexes", "Vacuum and bloat", "Connection pooling", "Partitioning", "Monitoring"] },
    CourseSpec { topic: DB, zh: true, slug: "database-design-zh", title: "数据库原理与设计",
        summary: "范式、索引与事务：设计一个既正确又高效的数据库。",
        level: Intermediate, price_cents: 6990, status: Published, creator: "creator_jia", tags: &["sql", "数据库"],
        lessons: &["关系模型", "范式与反范式", "索引原理", "事务与隔离级别", "锁与并发控制", "分库分表"] },
    CourseSpec { topic: DB, zh: true, slug: "data-warehouse-etl-zh", title: "数据仓库与 ETL",
        summary: "维度建模、增量同步与任务调度：搭建公司的第一个数据仓库。",
        level: Advanced, price_cents: 12800, status: Published, creator: "creator_jia", tags: &["数据仓库", "sql", "数据科学"],
        lessons: &["数据仓库是什么", "维度建模", "事实表与维度表", "ETL 与 ELT", "增量同步", "任务调度", "数据质量"] },
    CourseSpec { topic: WRITING, zh: true, slug: "workplace-writing-zh", title: "职场写作课",
        summary: "邮件、周报与方案：写出让人一眼看懂的职场文字。",
        level: Beginner, price_cents: 1990, status: Published, creator: "creator_xu", tags: &["写作", "职场"],
        lessons: &["先想清楚再写", "金字塔结构", "写好一封邮件", "周报与复盘", "方案文档", "删改的艺术"] },
    CourseSpec { topic: WRITING, zh: true, slug: "technical-writing-zh", title: "技术写作入门",
        summary: "文档、教程与博客：让你的技术文字准确、易读、有人看。",
        level: Intermediate, price_cents: 2990, status: Draft, creator: "creator_jia", tags: &["写作", "技术写作"],
        lessons: &["读者是谁", "文档的结构", "写教程", "写 API 文档", "配图与示例代码", "技术博客"] },
    CourseSpec { topic: WRITING, zh: false, slug: "technical-writing-for-engineers", title: "Technical Writing for Engineers",
        summary: "Design docs, READMEs and postmortems that people actually read.",
        level: Intermediate, price_cents: 1990, status: Published, creator: "creator_tom", tags: &["writing", "technical writing"],
        lessons: &["Know your reader", "Design documents", "READMEs that onboard", "Writing postmortems", "Editing your own prose"] },
    CourseSpec { topic: WRITING, zh: false, slug: "data-storytelling", title: "Telling Stories with Data",
        summary: "Turn analyses into clear charts and narratives that move decisions.",
        level: Beginner, price_cents: 2490, status: Published, creator: "creator_nina", tags: &["writing", "data visualization", "data science"],
        lessons: &["Start with the question", "Choosing a chart", "Decluttering", "Focusing attention", "Narrative structure", "Presenting to executives"] },
];

/// The most popular courses, most popular first; the rest follow in a seeded
/// shuffle. Enrolment picks a course with weight 1 / rank^1.1 (Zipf-like).
pub(super) const POPULAR: &[&str] = &[
    "recsys-intro-zh",
    "rust-ownership-in-practice",
    "python-data-analysis-zh",
    "ml-foundations-zh",
    "css-layout-mastery",
    "mobile-photography-zh",
    "personal-finance-101-zh",
    "sql-for-analysts",
];

/// Creators beyond the two named demo creators: (username, display name, bio).
pub(super) const CREATORS: &[(&str, &str, &str)] = &[
    (
        "creator_mei",
        "周梅",
        "数据分析师，十年电商数据经验，喜欢把复杂的问题讲简单。",
    ),
    (
        "creator_raj",
        "Raj Patel",
        "Machine-learning engineer who has shipped ranking models to millions of users.",
    ),
    (
        "creator_hao",
        "张浩",
        "算法工程师，专注机器学习与深度学习的工程落地。",
    ),
    (
        "creator_nina",
        "Nina Kowalski",
        "Front-end developer and design-systems lead. Teaches the web the way it works.",
    ),
    (
        "creator_jia",
        "江佳",
        "后端与数据工程师，写过很多文档，也踩过很多坑。",
    ),
    (
        "creator_xu",
        "徐晓岚",
        "资深产品经理，做过社交和教育产品，相信好产品来自好问题。",
    ),
    (
        "creator_elena",
        "Elena Rossi",
        "Documentary photographer based in Milan; teaches seeing before shooting.",
    ),
    ("creator_chen", "陈思远", "商业人像摄影师，十五年布光经验。"),
    ("creator_li", "李明", "特许金融分析师，专注个人投资者教育。"),
    (
        "creator_tom",
        "Tom Becker",
        "Database consultant who has tuned PostgreSQL for banks and start-ups.",
    ),
];

pub const FIRST_NAMES_EN: &[&str] = &[
    "Olivia", "Liam", "Emma", "Noah", "Ava", "Lucas", "Mia", "Ethan", "Sofia", "Mateo", "Chloe",
    "Arjun", "Priya", "Kenji", "Hana", "Omar", "Fatima", "Jonas", "Lea", "Diego", "Camila", "Ivan",
    "Nadia", "Samuel", "Grace", "Felix", "Zara", "Tomas", "Aisha", "Leo",
];
pub const LAST_NAMES_EN: &[&str] = &[
    "Johnson", "Martin", "Rossi", "Novak", "Kim", "Nguyen", "Silva", "Hughes", "Fischer", "Costa",
    "Haddad", "Sato", "Ivanov", "Brown", "Lopez", "Park", "Schmidt", "Dubois", "Moreau", "Singh",
    "Khan", "Andersen", "Evans", "Murphy", "Walsh", "Okoye", "Mensah", "Reyes", "Cohen", "Berg",
];
/// (surname, pinyin).
pub const SURNAMES_ZH: &[(&str, &str)] = &[
    ("王", "wang"),
    ("李", "li"),
    ("张", "zhang"),
    ("刘", "liu"),
    ("陈", "chen"),
    ("杨", "yang"),
    ("黄", "huang"),
    ("赵", "zhao"),
    ("吴", "wu"),
    ("周", "zhou"),
    ("徐", "xu"),
    ("孙", "sun"),
    ("马", "ma"),
    ("朱", "zhu"),
    ("胡", "hu"),
    ("郭", "guo"),
    ("何", "he"),
    ("林", "lin"),
    ("罗", "luo"),
    ("高", "gao"),
];
/// (given name, pinyin).
pub const GIVEN_NAMES_ZH: &[(&str, &str)] = &[
    ("伟", "wei"),
    ("芳", "fang"),
    ("娜", "na"),
    ("敏", "min"),
    ("静", "jing"),
    ("磊", "lei"),
    ("洋", "yang"),
    ("艳", "yan"),
    ("勇", "yong"),
    ("军", "jun"),
    ("杰", "jie"),
    ("娟", "juan"),
    ("涛", "tao"),
    ("明", "ming"),
    ("超", "chao"),
    ("秀英", "xiuying"),
    ("霞", "xia"),
    ("平", "ping"),
    ("刚", "gang"),
    ("婷", "ting"),
    ("浩", "hao"),
    ("宇", "yu"),
    ("欣怡", "xinyi"),
    ("子涵", "zihan"),
    ("思远", "siyuan"),
    ("雨桐", "yutong"),
    ("梓轩", "zixuan"),
    ("佳怡", "jiayi"),
    ("晨", "chen"),
    ("一鸣", "yiming"),
];

pub const LESSON_INTROS_EN: &[&str] = &[
    "In this lesson of *{course}* we work through **{lesson}**: the idea first, then an example you can repeat on your own.",
    "**{lesson}** is where many learners get stuck, so we take it slowly, in small steps and with one complete example.",
    "We start from a question you will meet in real work and use it to explain **{lesson}**.",
    "By the end of this lesson you will be able to explain **{lesson}** to a colleague and apply it to your own project.",
];
pub const LESSON_INTROS_ZH: &[&str] = &[
    "本节是《{course}》的一部分，我们围绕「{lesson}」展开：先讲清楚概念，再通过一个完整示例练习。",
    "「{lesson}」是很多同学容易卡住的地方，这一节我们放慢节奏，一步一步来。",
    "我们从实际工作中常见的一个问题出发，引出「{lesson}」。",
    "学完本节，你应该能向同事讲清楚「{lesson}」，并把它用到自己的项目里。",
];
pub const EXERCISES_EN: &[&str] = &[
    "Apply what you learned to a small example of your own and write down one thing that surprised you.",
    "Repeat the example without looking at the notes, then compare.",
    "Explain the main idea of this lesson in three sentences.",
    "Find one place in your own work where this applies, and try it this week.",
];
pub const EXERCISES_ZH: &[&str] = &[
    "用自己的小例子练习本节内容，并记下一个让你意外的地方。",
    "合上笔记，独立重做一遍示例，再对照检查。",
    "用三句话总结本节的核心思想。",
    "在自己的工作中找到一个可以应用的地方，本周就试一试。",
];

/// Review bodies by language and rating (5, 4, 3, 1–2).
pub const REVIEWS_EN: [&[&str]; 4] = [
    &[
        "Clear, practical and well paced. The exercises made it stick.",
        "The best course on this topic I have taken. Worth every cent.",
        "Loved the worked examples: I used the ideas at work the very next day.",
        "Explains the why, not just the how. Highly recommended.",
        "Short lessons, no filler, and the final project ties everything together.",
    ],
    &[
        "Very good overall; a couple of lessons felt rushed.",
        "Solid content and a friendly teacher. I wish there were more exercises.",
        "Useful and well structured, though the last part assumes more background.",
        "Good value. The examples are realistic and the notes are easy to review.",
    ],
    &[
        "Decent introduction, but much of it is in the official docs.",
        "Some lessons are great, others are thin. Average overall.",
        "Fine for beginners; I expected more depth from the description.",
    ],
    &[
        "Too basic for the price, and the explanations are hard to follow.",
        "The examples did not work with current versions of the tools.",
        "Not what the summary promised; I stopped after a few lessons.",
    ],
];
pub const REVIEWS_ZH: [&[&str]; 4] = [
    &[
        "讲得非常清楚，节奏刚好，练习题很有帮助。",
        "这个主题下我上过最好的课，物超所值。",
        "例子都很贴近实际工作，第二天就用上了。",
        "不仅讲怎么做，还讲为什么，强烈推荐！",
        "每节课都很精炼，最后的项目把知识串起来了。",
    ],
    &[
        "整体很好，个别章节稍微有点赶。",
        "内容扎实，老师讲得很亲切，希望能多一些练习。",
        "结构清晰，很实用，不过最后几节需要一些基础。",
        "性价比很高，案例真实，笔记也方便复习。",
    ],
    &[
        "入门还可以，但不少内容官方文档里都有。",
        "有的章节很精彩，有的比较单薄，整体中规中矩。",
        "适合新手，和简介相比深度略有不足。",
    ],
    &[
        "对这个价格来说太浅了，讲解也不够清楚。",
        "示例代码在新版本上跑不通，需要更新。",
        "和简介描述的不太一样，看了几节就放弃了。",
    ],
];
pub const REFUND_REASONS: &[&str] = &[
    "Bought the wrong course by mistake.",
    "内容与描述不符",
    "Too advanced for me right now.",
    "目前难度太大，想先学基础课",
];

/// A course's lesson body in its language (markdown).
pub fn lesson_markdown(
    rng: &mut impl Rng,
    topic: &Topic,
    zh: bool,
    course_title: &str,
    lesson_title: &str,
) -> String {
    let (intros, points, exercises) = if zh {
        (LESSON_INTROS_ZH, topic.points_zh, EXERCISES_ZH)
    } else {
        (LESSON_INTROS_EN, topic.points_en, EXERCISES_EN)
    };
    let intro = intros[rng.gen_range(0..intros.len())]
        .replace("{course}", course_title)
        .replace("{lesson}", lesson_title);
    let mut chosen: Vec<&str> = points.choose_multiple(rng, 3).copied().collect();
    chosen.sort_unstable();
    let mut body = format!(
        "## {lesson_title}\n\n{intro}\n\n### {}\n\n",
        if zh { "本节内容" } else { "In this lesson" }
    );
    for point in chosen {
        body.push_str(&format!("- {point}\n"));
    }
    if let Some((language, code)) = topic.code
        && rng.gen_bool(0.5)
    {
        body.push_str(&format!("\n```{language}\n{code}\n```\n"));
    }
    body.push_str(&format!(
        "\n> **{}** {}\n",
        if zh { "练习：" } else { "Exercise:" },
        exercises[rng.gen_range(0..exercises.len())]
    ));
    body
}

/// A course description (markdown): the summary, the lessons, the audience.
pub fn description_markdown(
    zh: bool,
    summary: &str,
    level: Level,
    lesson_titles: &[&str],
    minutes: i32,
    free_previews: usize,
) -> String {
    let mut text = format!(
        "{summary}\n\n## {}\n\n",
        if zh {
            "你将学到"
        } else {
            "What you will learn"
        }
    );
    for title in lesson_titles {
        text.push_str(&format!("- {title}\n"));
    }
    let n = lesson_titles.len();
    if zh {
        let audience = match level {
            Beginner => "零基础的新手：不需要任何经验，只需要好奇心和每周几个小时。",
            Intermediate => "已经掌握基础、希望在实际项目中熟练运用的同学。",
            Advanced => "有一定经验的从业者：我们默认你已经在日常工作中使用这些工具。",
        };
        text.push_str(&format!(
            "\n## 适合谁\n\n{audience}\n\n## 课程安排\n\n共 {n} 节课，总时长约 {minutes} 分钟，前 {free_previews} 节可免费试看。\n"
        ));
    } else {
        let audience = match level {
            Beginner => "Newcomers: no experience needed, only curiosity and a few hours a week.",
            Intermediate => {
                "People who know the basics and want to use them with confidence in real projects."
            }
            Advanced => {
                "Practitioners who want depth: we assume you already work with these tools."
            }
        };
        let previews = if free_previews == 1 {
            "The first lesson is".to_owned()
        } else {
            format!("The first {free_previews} lessons are")
        };
        text.push_str(&format!(
            "\n## Who this course is for\n\n{audience}\n\n## How it works\n\n{n} lessons, about {minutes} minutes in total. {previews} free to preview.\n"
        ));
    }
    text
}

/// A review body in the given language for a rating.
pub fn review_body(rng: &mut impl Rng, zh: bool, rating: i16) -> &'static str {
    let pools = if zh { &REVIEWS_ZH } else { &REVIEWS_EN };
    let pool = match rating {
        5 => pools[0],
        4 => pools[1],
        3 => pools[2],
        _ => pools[3],
    };
    pool[rng.gen_range(0..pool.len())]
}

/// A rating, skewed toward 4–5; `quality` in 0..1 moves the whole curve.
pub fn rating(rng: &mut impl Rng, quality: f64) -> i16 {
    // P(5), P(4), P(3), P(2); the rest is 1.
    let good = [0.62, 0.27, 0.07, 0.03];
    let poor = [0.18, 0.32, 0.24, 0.14];
    let x: f64 = rng.r#gen();
    let mut cumulative = 0.0;
    for (i, (g, p)) in good.iter().zip(poor).enumerate() {
        cumulative += quality * g + (1.0 - quality) * p;
        if x < cumulative {
            return 5 - i as i16;
        }
    }
    1
}

/// A uniformly random time in `[from, to]` (whole seconds; `from` if empty).
pub fn time_between(rng: &mut impl Rng, from: DateTime<Utc>, to: DateTime<Utc>) -> DateTime<Utc> {
    let span = (to - from).num_seconds();
    if span <= 0 {
        return from;
    }
    from + Duration::seconds(rng.gen_range(0..=span))
}
