/// The words keywords and messages are made of: Chinese characters (the ~600 commonest, then a
/// seeded selection of the CJK block as the long tail), shop-talk ASCII words, punctuation of
/// the kinds chat messages carry (CJK, full-width, ASCII), and a few emoji.
struct Vocabulary {
    /// The commonest characters of written Chinese, roughly by frequency.
    static let common: [Character] = {
        let text = """
            的一是不了人我在有他这中大来上个国到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可\
            她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三\
            已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定女\
            问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关并内加化由\
            却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报立马命张活难神数件安表原车白应路\
            期叫死常提感金何更反合放做系计或司利受光王果亲界及今京务制解各任至清物台象记边共风战干接它许八\
            特觉望直服毛林题建南度统色字请交爱让认算论百吃义科怎元社术结六功指思非流每青管夫连远资队跟带花\
            快条院变联言权往展该领传近留红治决周保达办运武半候七必城父强步完革深区即求品士转量空甚众技轻程\
            告江语英基派满式李息写呢识极令黄德收脸钱党倒未持音送价格货退款优惠券包邮客服尺码快递售后订单号\
            颜色发票地址电话门店营业时间活动会员积分折扣预约付款微信支付宝物流签收换货质量型号库存
            """
        var seen = Set<Character>()
        return text.filter { seen.insert($0).inserted }
    }()

    /// Shop and chat words in ASCII, as customers type them next to Chinese.
    static let words = """
        price cost how much discount coupon vip member points order tracking shipping delivery express refund \
        return exchange size color colour stock invoice receipt address phone hours open close store online \
        payment wechat alipay card cash sale promo bundle gift free fast slow broken damaged warranty repair \
        service support help human agent manager ok thanks hello hi please urgent today tomorrow week weekend \
        iphone ipad android huawei xiaomi oppo vivo charger cable case screen battery model version sku code \
        pro max mini plus lite wifi bluetooth usb app login account password reset update install download \
        small medium large xl xxl cotton silk leather wool black white red blue green pink grey gold silver
        """.split(separator: " ").map(String.init)

    /// What every shop's rule set has, whatever else it holds.
    static let shopKeywords = ["价格", "多少钱", "报价", "发货", "快递", "退款", "退货", "换货", "优惠券", "包邮", "人工",
                               "客服", "尺码", "售后", "营业时间", "地址", "发票", "price", "refund", "coupon"]

    /// Sentence punctuation as it shows up in chats: CJK, full-width (normalized to ASCII) and
    /// ASCII. The ellipsis (U+2026) is left to `Corpus.messages`: it is not on the normalizer's
    /// fast path.
    static let punctuation: [String] = ["，", "。", "！", "？", "、", "；", "：", "～", "？", "！", ",", ".", "?", "!", "「", "」"]

    /// WeChat's own emoticons are text codes; real emoji are rarer but do come.
    static let emoticons: [String] = ["[微笑]", "[呲牙]", "[抱拳]", "[捂脸]", "[OK]", "[强]"]
    static let emoji: [String] = ["😀", "👍", "🙏", "😂", "❤️", "🎁"]

    /// The long tail: a seeded selection of the CJK unified ideographs that are not common.
    let rare: [Character]

    init(seed: UInt64, rareCount: Int = 2_400) {
        var random = SplitMix64(seed: seed ^ 0x5241_5245)
        let common = Set(Self.common)
        var rare: [Character] = []
        var seen = Set<Character>()
        while rare.count < rareCount {
            let scalar = Unicode.Scalar(UInt32.random(in: 0x4E00...0x9FA5, using: &random))!
            let character = Character(scalar)
            if !common.contains(character), seen.insert(character).inserted { rare.append(character) }
        }
        self.rare = rare
    }

    /// One character: `commonShare` of them from the common set, else from the long tail.
    func character(_ random: inout SplitMix64, commonShare: Double = 0.7) -> Character {
        random.chance(commonShare) ? Self.common.randomElement(using: &random)! : rare.randomElement(using: &random)!
    }
}
