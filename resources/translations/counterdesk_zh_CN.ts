<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AttentionPanel</name>
    <message>
        <location filename="../../gui/parcels/list_panels.py" line="151"/>
        <source>Choose recipient…</source>
        <translation>选择收件人…</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/list_panels.py" line="157"/>
        <source>Recipient unknown or ambiguous (never guessed)</source>
        <translation>收件人未知或不唯一（绝不猜测）</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/list_panels.py" line="164"/>
        <source>Overdue: reminded, not collected</source>
        <translation>逾期：已提醒，未取件</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/list_panels.py" line="188"/>
        <source>Select a flagged parcel first.</source>
        <translation>请先选择一个标记的包裹。</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/list_panels.py" line="199"/>
        <source>{tracking} now belongs to {name}, {unit}.</source>
        <translation>{tracking} 已归属 {name}，{unit}。</translation>
    </message>
</context>
<context>
    <name>BanksView</name>
    <message>
        <location filename="../../gui/lockers/banks.py" line="57"/>
        <location filename="../../gui/lockers/banks.py" line="162"/>
        <source>Put back into service</source>
        <translation>恢复使用</translation>
    </message>
    <message>
        <location filename="../../gui/lockers/banks.py" line="73"/>
        <source>Out of service (jammed lock or taken out by staff):</source>
        <translation>停用格口（锁卡住或由员工停用）：</translation>
    </message>
    <message>
        <location filename="../../gui/lockers/banks.py" line="81"/>
        <source>Slots:</source>
        <translation>格口：</translation>
    </message>
    <message>
        <location filename="../../gui/lockers/banks.py" line="124"/>
        <source>{door} (board {board} lock {lock}): {reason}</source>
        <translation>{door}（板 {board} 锁 {lock}）：{reason}</translation>
    </message>
    <message>
        <location filename="../../gui/lockers/banks.py" line="126"/>
        <source>no reason given</source>
        <translation>未说明原因</translation>
    </message>
    <message>
        <location filename="../../gui/lockers/banks.py" line="132"/>
        <source>None: every slot is in service.</source>
        <translation>无：所有格口均可使用。</translation>
    </message>
    <message>
        <location filename="../../gui/lockers/banks.py" line="159"/>
        <source>Only an administrator can put a slot back into service.</source>
        <translation>只有管理员可以恢复格口。</translation>
    </message>
    <message>
        <location filename="../../gui/lockers/banks.py" line="172"/>
        <source>Put slot {door} back into service? Check first that its lock opens and closes.</source>
        <translation>恢复格口 {door}？请先确认其锁能正常开关。</translation>
    </message>
    <message>
        <location filename="../../gui/lockers/banks.py" line="182"/>
        <source>Slot {door} is back in service.</source>
        <translation>格口 {door} 已恢复使用。</translation>
    </message>
</context>
<context>
    <name>BasketModel</name>
    <message>
        <location filename="../../gui/cashier/basket_model.py" line="32"/>
        <source>Code</source>
        <translation>条码</translation>
    </message>
    <message>
        <location filename="../../gui/cashier/basket_model.py" line="32"/>
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <location filename="../../gui/cashier/basket_model.py" line="32"/>
        <source>Price</source>
        <translation>单价</translation>
    </message>
    <message>
        <location filename="../../gui/cashier/basket_model.py" line="32"/>
        <source>Qty</source>
        <translation>数量</translation>
    </message>
    <message>
        <location filename="../../gui/cashier/basket_model.py" line="32"/>
        <source>Total</source>
        <translation>小计</translation>
    </message>
</context>
<context>
    <name>CameraView</name>
    <message>
        <location filename="../../gui/common/camera_view.py" line="68"/>
        <source>Camera preview</source>
        <translation>摄像头预览</translation>
    </message>
    <message>
        <location filename="../../gui/common/camera_view.py" line="85"/>
        <location filename="../../gui/common/camera_view.py" line="88"/>
        <source>Waiting for the camera…</source>
        <translation>正在等待摄像头…</translation>
    </message>
    <message>
        <location filename="../../gui/common/camera_view.py" line="87"/>
        <source>Starting the camera…</source>
        <translation>正在启动摄像头…</translation>
    </message>
    <message>
        <location filename="../../gui/common/camera_view.py" line="89"/>
        <source>No camera — retrying…</source>
        <translation>未检测到摄像头 — 正在重试…</translation>
    </message>
    <message>
        <location filename="../../gui/common/camera_view.py" line="90"/>
        <source>The video has ended</source>
        <translation>视频已播放完毕</translation>
    </message>
    <message>
        <location filename="../../gui/common/camera_view.py" line="91"/>
        <source>Camera off</source>
        <translation>摄像头已关闭</translation>
    </message>
    <message>
        <location filename="../../gui/common/camera_view.py" line="93"/>
        <source>Camera unavailable</source>
        <translation>摄像头不可用</translation>
    </message>
</context>
<context>
    <name>CashierPage</name>
    <message>
        <location filename="../../gui/cashier/page.py" line="61"/>
        <source>Scan or type a product code, then Enter</source>
        <translation>扫描或输入商品条码，然后按回车</translation>
    </message>
    <message>
        <location filename="../../gui/cashier/page.py" line="64"/>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <location filename="../../gui/cashier/page.py" line="100"/>
        <source>+1  (+)</source>
        <translation>+1  (+)</translation>
    </message>
    <message>
        <location filename="../../gui/cashier/page.py" line="102"/>
        <source>−1  (−)</source>
        <translation>−1  (−)</translation>
    </message>
    <message>
        <location filename="../../gui/cashier/page.py" line="104"/>
        <source>Remove  (Del)</source>
        <translation>移除  (Del)</translation>
    </message>
    <message>
        <location filename="../../gui/cashier/page.py" line="106"/>
        <source>New sale  (F9)</source>
        <translation>新交易  (F9)</translation>
    </message>
    <message>
        <location filename="../../gui/cashier/page.py" line="108"/>
        <source>Pay  (F12)</source>
        <translation>结账  (F12)</translation>
    </message>
    <message>
        <location filename="../../gui/cashier/page.py" line="111"/>
        <source>Paid by someone else</source>
        <translation>他人代付</translation>
    </message>
    <message>
        <location filename="../../gui/cashier/page.py" line="125"/>
        <source>Camera  (F8)</source>
        <translation>摄像头  (F8)</translation>
    </message>
    <message>
        <location filename="../../gui/cashier/page.py" line="189"/>
        <source>Cashier</source>
        <translation>收银</translation>
    </message>
    <message>
        <location filename="../../gui/cashier/page.py" line="219"/>
        <location filename="../../gui/cashier/page.py" line="253"/>
        <source>starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <location filename="../../gui/cashier/page.py" line="248"/>
        <source>The camera could not start: {error}</source>
        <translation>摄像头无法启动：{error}</translation>
    </message>
    <message>
        <location filename="../../gui/cashier/page.py" line="249"/>
        <source>unavailable</source>
        <translation>不可用</translation>
    </message>
    <message>
        <location filename="../../gui/cashier/page.py" line="253"/>
        <source>scanning</source>
        <translation>扫描中</translation>
    </message>
    <message>
        <location filename="../../gui/cashier/page.py" line="253"/>
        <source>lost — retrying</source>
        <translation>已断开 — 正在重试</translation>
    </message>
    <message>
        <location filename="../../gui/cashier/page.py" line="254"/>
        <source>video ended</source>
        <translation>视频已结束</translation>
    </message>
    <message>
        <location filename="../../gui/cashier/page.py" line="254"/>
        <location filename="../../gui/cashier/page.py" line="268"/>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../gui/cashier/page.py" line="305"/>
        <source>Added {name} — {price}</source>
        <translation>已添加 {name} — {price}</translation>
    </message>
    <message>
        <location filename="../../gui/cashier/page.py" line="350"/>
        <location filename="../../gui/cashier/page.py" line="360"/>
        <source>The basket is empty.</source>
        <translation>购物篮是空的。</translation>
    </message>
    <message>
        <location filename="../../gui/cashier/page.py" line="375"/>
        <source>Order {number} sent: the payer gets a payment link</source>
        <translation>订单 {number} 已发送：付款人将收到付款链接</translation>
    </message>
    <message>
        <location filename="../../gui/cashier/page.py" line="389"/>
        <source>Paid {total}: order {number}</source>
        <translation>已收款 {total}：订单 {number}</translation>
    </message>
    <message>
        <location filename="../../gui/cashier/page.py" line="415"/>
        <source>The quantity is already 1: press Remove (Del) to take the line off.</source>
        <translation>数量已是 1：如要删除这一行，请按“移除 (Del)”。</translation>
    </message>
    <message>
        <location filename="../../gui/cashier/page.py" line="441"/>
        <source>New sale</source>
        <translation>新交易</translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/cashier/page.py" line="442"/>
        <source>Clear the basket (%n item(s), {total})?</source>
        <translation>
            <numerusform>清空购物篮（%n 件，{total}）？</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/cashier/page.py" line="467"/>
        <source>%n item(s)</source>
        <translation>
            <numerusform>%n 件</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../gui/cashier/page.py" line="460"/>
        <source>Total {amount}</source>
        <translation>合计 {amount}</translation>
    </message>
    <message>
        <location filename="../../gui/cashier/page.py" line="462"/>
        <source>{best} with the member&apos;s coupons</source>
        <translation>用会员券后 {best}</translation>
    </message>
</context>
<context>
    <name>CheckoutDialog</name>
    <message>
        <location filename="../../gui/cashier/checkout_dialog.py" line="50"/>
        <source>Checkout</source>
        <translation>结账</translation>
    </message>
    <message>
        <location filename="../../gui/cashier/checkout_dialog.py" line="69"/>
        <source>Cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <location filename="../../gui/cashier/checkout_dialog.py" line="70"/>
        <source>Card</source>
        <translation>银行卡</translation>
    </message>
    <message>
        <location filename="../../gui/cashier/checkout_dialog.py" line="71"/>
        <source>QR payment (WeChat Pay / Alipay)</source>
        <translation>扫码支付（微信 / 支付宝）</translation>
    </message>
    <message>
        <location filename="../../gui/cashier/checkout_dialog.py" line="75"/>
        <source>empty: the exact amount</source>
        <translation>留空：正好付清</translation>
    </message>
    <message>
        <location filename="../../gui/cashier/checkout_dialog.py" line="78"/>
        <source>card slip or payment reference</source>
        <translation>刷卡小票号或支付流水号</translation>
    </message>
    <message>
        <location filename="../../gui/cashier/checkout_dialog.py" line="83"/>
        <source>Pay</source>
        <translation>收款</translation>
    </message>
    <message>
        <location filename="../../gui/cashier/checkout_dialog.py" line="87"/>
        <source>coupon code, e.g. NEW5</source>
        <translation>券码，例如 NEW5</translation>
    </message>
    <message>
        <location filename="../../gui/cashier/checkout_dialog.py" line="88"/>
        <source>Apply code</source>
        <translation>使用券码</translation>
    </message>
    <message>
        <location filename="../../gui/cashier/checkout_dialog.py" line="94"/>
        <source>Back to the basket</source>
        <translation>返回购物篮</translation>
    </message>
    <message>
        <location filename="../../gui/cashier/checkout_dialog.py" line="98"/>
        <source>Payment</source>
        <translation>支付方式</translation>
    </message>
    <message>
        <location filename="../../gui/cashier/checkout_dialog.py" line="99"/>
        <source>Cash received</source>
        <translation>实收现金</translation>
    </message>
    <message>
        <location filename="../../gui/cashier/checkout_dialog.py" line="103"/>
        <source>Reference</source>
        <translation>流水号</translation>
    </message>
    <message>
        <location filename="../../gui/cashier/checkout_dialog.py" line="111"/>
        <source>&lt;b&gt;Member coupons&lt;/b&gt; (untick to keep one for later)</source>
        <translation>&lt;b&gt;会员优惠券&lt;/b&gt;（取消勾选可留待下次使用）</translation>
    </message>
    <message>
        <location filename="../../gui/cashier/checkout_dialog.py" line="114"/>
        <source>Coupon code</source>
        <translation>券码</translation>
    </message>
    <message>
        <location filename="../../gui/cashier/checkout_dialog.py" line="153"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../gui/cashier/checkout_dialog.py" line="153"/>
        <source>no member identified</source>
        <translation>未识别会员</translation>
    </message>
    <message>
        <location filename="../../gui/cashier/checkout_dialog.py" line="163"/>
        <source>Total {total}  (saved {discount})</source>
        <translation>合计 {total}（已优惠 {discount}）</translation>
    </message>
    <message>
        <location filename="../../gui/cashier/checkout_dialog.py" line="178"/>
        <source>{code} “{title}” is the member&apos;s now: saves {amount}.</source>
        <translation>{code}「{title}」已归会员所有：节省 {amount}。</translation>
    </message>
    <message>
        <location filename="../../gui/cashier/checkout_dialog.py" line="181"/>
        <source>not usable on this basket</source>
        <translation>本单不可用</translation>
    </message>
    <message>
        <location filename="../../gui/cashier/checkout_dialog.py" line="182"/>
        <source>{code} “{title}” is the member&apos;s now, but does not apply to this sale: {why}.</source>
        <translation>{code}「{title}」已归会员所有，但不适用于本单：{why}。</translation>
    </message>
    <message>
        <location filename="../../gui/cashier/checkout_dialog.py" line="252"/>
        <source>Exact</source>
        <translation>正好</translation>
    </message>
    <message>
        <location filename="../../gui/cashier/checkout_dialog.py" line="274"/>
        <source>Exact amount, no change</source>
        <translation>正好付清，无需找零</translation>
    </message>
    <message>
        <location filename="../../gui/cashier/checkout_dialog.py" line="279"/>
        <source>{amount} short</source>
        <translation>还差 {amount}</translation>
    </message>
    <message>
        <location filename="../../gui/cashier/checkout_dialog.py" line="282"/>
        <source>Change {amount}</source>
        <translation>找零 {amount}</translation>
    </message>
</context>
<context>
    <name>CouponEditorDialog</name>
    <message>
        <location filename="../../gui/coupons/editor.py" line="155"/>
        <source>New coupon</source>
        <translation>新建优惠券</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/editor.py" line="155"/>
        <source>Edit coupon {code}</source>
        <translation>编辑优惠券 {code}</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/editor.py" line="172"/>
        <source>yuan, e.g. 5 or 12.50</source>
        <translation>元，例如 5 或 12.50</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/editor.py" line="178"/>
        <source>the most it takes off, in yuan</source>
        <translation>最多减免金额（元）</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/editor.py" line="180"/>
        <source>spend:off in yuan, e.g. 100:10; 200:25</source>
        <translation>满:减（元），例如 100:10; 200:25</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/editor.py" line="188"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/editor.py" line="189"/>
        <source>from</source>
        <translation>从</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/editor.py" line="192"/>
        <source>until</source>
        <translation>至</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/editor.py" line="200"/>
        <source>fixed window</source>
        <translation>固定时段</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/editor.py" line="204"/>
        <source>unlimited</source>
        <translation>不限</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/editor.py" line="210"/>
        <source>coupons in the same group never combine</source>
        <translation>同组优惠券不可叠加</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/editor.py" line="211"/>
        <source>combines with no other coupon</source>
        <translation>不与其他券同享</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/editor.py" line="213"/>
        <source>offered when a product is scanned (otherwise only by typing its code)</source>
        <translation>扫描商品时推荐（否则只能输入券码领取）</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/editor.py" line="216"/>
        <source>product codes or category codes, separated by ;</source>
        <translation>商品编码或品类编码，用 ; 分隔</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/editor.py" line="236"/>
        <source>Validity</source>
        <translation>有效期</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/editor.py" line="247"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/editor.py" line="250"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/editor.py" line="269"/>
        <source>Members hold {n} of these coupons, so what they were given cannot change: kind, value, scope, targets, start and stacking are locked. You can change the titles, add stock, raise or lower the per-member limit, move the end later (their unused coupons move with it) or pause it.</source>
        <translation>会员已持有 {n} 张此券，已发放的内容不能更改：类型、面额、范围、适用对象、开始时间和叠加规则已锁定。可以修改标题、增加库存、调整每人限领、延后结束时间（会员未用的券随之延期）或暂停。</translation>
    </message>
</context>
<context>
    <name>CouponPanel</name>
    <message>
        <location filename="../../gui/cashier/coupon_panel.py" line="40"/>
        <source>Member card or phone, then Enter</source>
        <translation>会员卡或手机号，然后按回车</translation>
    </message>
    <message>
        <location filename="../../gui/cashier/coupon_panel.py" line="42"/>
        <location filename="../../gui/cashier/coupon_panel.py" line="83"/>
        <source>No member</source>
        <translation>未识别会员</translation>
    </message>
    <message>
        <location filename="../../gui/cashier/coupon_panel.py" line="44"/>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <location filename="../../gui/cashier/coupon_panel.py" line="51"/>
        <source>Scan a product to see its coupons. F2 claims the selected one.</source>
        <translation>扫描商品即可查看可用优惠券，按 F2 领取所选优惠券。</translation>
    </message>
    <message>
        <location filename="../../gui/cashier/coupon_panel.py" line="60"/>
        <source>&lt;b&gt;Member&lt;/b&gt;</source>
        <translation>&lt;b&gt;会员&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../gui/cashier/coupon_panel.py" line="63"/>
        <source>&lt;b&gt;Coupons for this scan&lt;/b&gt;</source>
        <translation>&lt;b&gt;本次扫描的优惠券&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../gui/cashier/coupon_panel.py" line="102"/>
        <source>{n} left</source>
        <translation>剩余 {n} 张</translation>
    </message>
    <message>
        <location filename="../../gui/cashier/coupon_panel.py" line="104"/>
        <source>claimed ✓</source>
        <translation>已领取 ✓</translation>
    </message>
    <message>
        <location filename="../../gui/cashier/coupon_panel.py" line="117"/>
        <source>Identify the member first: scan their card or type their phone.</source>
        <translation>请先识别会员：扫描会员卡或输入手机号。</translation>
    </message>
    <message>
        <location filename="../../gui/cashier/coupon_panel.py" line="130"/>
        <source>Claimed “{title}” for {member}; the member will get a notice.</source>
        <translation>已为 {member} 领取“{title}”，会员将收到通知。</translation>
    </message>
</context>
<context>
    <name>Coupons</name>
    <message>
        <location filename="../../gui/coupons/editor.py" line="34"/>
        <source>amount off</source>
        <translation>立减</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/editor.py" line="35"/>
        <source>percent off</source>
        <translation>折扣</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/editor.py" line="36"/>
        <source>spend tiers (满减)</source>
        <translation>满减</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/editor.py" line="37"/>
        <source>buy N get M free</source>
        <translation>买N送M</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/editor.py" line="38"/>
        <source>cheapest item off</source>
        <translation>最低价商品免单</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/editor.py" line="44"/>
        <source>whole order, any store</source>
        <translation>整单，所有门店</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/editor.py" line="45"/>
        <source>whole order, one store</source>
        <translation>整单，指定门店</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/editor.py" line="46"/>
        <source>products</source>
        <translation>商品</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/editor.py" line="47"/>
        <source>categories</source>
        <translation>品类</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/editor.py" line="53"/>
        <source>live</source>
        <translation>生效中</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/editor.py" line="54"/>
        <source>paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/editor.py" line="55"/>
        <source>expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/editor.py" line="56"/>
        <source>starts later</source>
        <translation>未开始</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/editor.py" line="57"/>
        <source>out of stock</source>
        <translation>已领完</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/editor.py" line="65"/>
        <source>Code</source>
        <translation>券码</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/editor.py" line="66"/>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/editor.py" line="67"/>
        <source>English title</source>
        <translation>英文标题</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/editor.py" line="68"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/editor.py" line="69"/>
        <source>Applies to</source>
        <translation>适用于</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/editor.py" line="70"/>
        <source>Store</source>
        <translation>门店</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/editor.py" line="71"/>
        <source>Amount off</source>
        <translation>减免金额</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/editor.py" line="72"/>
        <source>Percent off</source>
        <translation>折扣百分比</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/editor.py" line="73"/>
        <source>Cap</source>
        <translation>封顶</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/editor.py" line="74"/>
        <source>Tiers</source>
        <translation>满减档位</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/editor.py" line="75"/>
        <source>Buy N</source>
        <translation>买 N</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/editor.py" line="76"/>
        <source>Get M free</source>
        <translation>送 M</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/editor.py" line="77"/>
        <source>Minimum spend</source>
        <translation>最低消费</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/editor.py" line="78"/>
        <source>Valid from</source>
        <translation>生效时间</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/editor.py" line="79"/>
        <source>Valid until</source>
        <translation>失效时间</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/editor.py" line="80"/>
        <source>Days after claim</source>
        <translation>领取后天数</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/editor.py" line="81"/>
        <source>Stock</source>
        <translation>库存</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/editor.py" line="82"/>
        <source>Per member</source>
        <translation>每人限领</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/editor.py" line="83"/>
        <source>Exclusivity group</source>
        <translation>互斥组</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/editor.py" line="84"/>
        <source>Exclusive</source>
        <translation>独享</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/editor.py" line="85"/>
        <source>Offered on scan</source>
        <translation>扫码推荐</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/editor.py" line="86"/>
        <source>Targets</source>
        <translation>适用对象</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/editor.py" line="87"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/editor.py" line="95"/>
        <source>is required</source>
        <translation>为必填项</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/editor.py" line="96"/>
        <source>is longer than {max} characters</source>
        <translation>超过 {max} 个字符</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/editor.py" line="97"/>
        <source>“{value}” is not a code: use 2–32 letters, digits, - or _</source>
        <translation>「{value}」不是有效券码：请使用 2–32 个字母、数字、- 或 _</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/editor.py" line="98"/>
        <source>“{value}” already exists (imported or created before)</source>
        <translation>「{value}」已存在（之前已导入或创建）</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/editor.py" line="99"/>
        <source>“{value}” appears already on line {line}</source>
        <translation>「{value}」已在第 {line} 行出现</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/editor.py" line="100"/>
        <source>“{value}” is not one of the allowed values</source>
        <translation>「{value}」不是允许的取值</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/editor.py" line="101"/>
        <source>“{value}” is not a whole number</source>
        <translation>「{value}」不是整数</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/editor.py" line="102"/>
        <source>“{value}” is not an amount in yuan (e.g. 12.50)</source>
        <translation>「{value}」不是以元为单位的金额（例如 12.50）</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/editor.py" line="103"/>
        <source>“{value}” is not a date (YYYY-MM-DD or YYYY-MM-DD HH:MM)</source>
        <translation>「{value}」不是日期（YYYY-MM-DD 或 YYYY-MM-DD HH:MM）</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/editor.py" line="104"/>
        <source>“{value}” is not a list of tiers like 100:10;200:25</source>
        <translation>「{value}」不是 100:10;200:25 这样的档位列表</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/editor.py" line="105"/>
        <source>must be between {minimum} and {maximum}</source>
        <translation>必须在 {minimum} 到 {maximum} 之间</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/editor.py" line="106"/>
        <source>a percent-off coupon needs a cap (the most it may take off)</source>
        <translation>折扣券需要设置封顶金额（最多减免多少）</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/editor.py" line="107"/>
        <source>each tier must need more spend and give more off than the one before</source>
        <translation>每一档的门槛和减免都必须高于上一档</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/editor.py" line="108"/>
        <source>a tier must take off less than its spend</source>
        <translation>每档减免必须小于其门槛</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/editor.py" line="109"/>
        <source>the end must be after the start</source>
        <translation>结束时间必须晚于开始时间</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/editor.py" line="110"/>
        <source>the end is already past</source>
        <translation>结束时间已过</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/editor.py" line="111"/>
        <source>cannot be lower than the {claimed} already claimed</source>
        <translation>不能少于已领取的 {claimed} 张</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/editor.py" line="112"/>
        <source>no product with code {codes}</source>
        <translation>没有编码为 {codes} 的商品</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/editor.py" line="113"/>
        <source>no category {codes}</source>
        <translation>没有品类 {codes}</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/editor.py" line="114"/>
        <source>no store {code}</source>
        <translation>没有门店 {code}</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/editor.py" line="115"/>
        <source>name at least one product or category code</source>
        <translation>请至少填写一个商品或品类编码</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/editor.py" line="116"/>
        <source>a whole-order coupon takes no product or category codes</source>
        <translation>整单券不需要商品或品类编码</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/editor.py" line="117"/>
        <source>cannot change: members hold {claimed} of these coupons</source>
        <translation>不能修改：会员已持有 {claimed} 张此券</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/editor.py" line="118"/>
        <source>can only move later: members hold {claimed} of these coupons</source>
        <translation>只能延后：会员已持有 {claimed} 张此券</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/editor.py" line="119"/>
        <source>the file is not UTF-8 text (in Excel: Save As → “CSV UTF-8”)</source>
        <translation>文件不是 UTF-8 文本（在 Excel 中：另存为 →「CSV UTF-8」）</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/editor.py" line="120"/>
        <source>the first line must name the columns (missing: {missing}; unknown: {unknown})</source>
        <translation>第一行必须是列名（缺少：{missing}；无法识别：{unknown}）</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/editor.py" line="132"/>
        <source>{field}: {problem}</source>
        <translation>{field}：{problem}</translation>
    </message>
</context>
<context>
    <name>CouponsAdminPage</name>
    <message>
        <location filename="../../gui/coupons/page.py" line="98"/>
        <source>Coupon code or title, or scan a product</source>
        <translation>券码或标题，或扫描商品</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/page.py" line="101"/>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/page.py" line="124"/>
        <source>New coupon…</source>
        <translation>新建优惠券…</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/page.py" line="126"/>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/page.py" line="128"/>
        <location filename="../../gui/coupons/page.py" line="203"/>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/page.py" line="130"/>
        <source>Import CSV…</source>
        <translation>导入 CSV…</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/page.py" line="159"/>
        <source>Coupons</source>
        <translation>优惠券</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/page.py" line="181"/>
        <source>The newest {shown} coupons shown; search or filter to narrow</source>
        <translation>显示最新的 {shown} 张优惠券；可搜索或筛选</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/page.py" line="184"/>
        <source>{n} coupons</source>
        <translation>{n} 张优惠券</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/page.py" line="203"/>
        <source>Resume</source>
        <translation>恢复</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/page.py" line="225"/>
        <source>Saved coupon {code}.</source>
        <translation>已保存优惠券 {code}。</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/page.py" line="242"/>
        <source>{code} is paused: scans no longer offer it and no one can claim it; members keep the ones they hold.</source>
        <translation>{code} 已暂停：扫码不再推荐，也无法领取；会员已持有的券仍保留。</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/page.py" line="244"/>
        <source>{code} is offered again.</source>
        <translation>{code} 已恢复推荐。</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/page.py" line="250"/>
        <source>Import coupons</source>
        <translation>导入优惠券</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/page.py" line="250"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/page.py" line="261"/>
        <source>Importing {name}…</source>
        <translation>正在导入 {name}…</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/page.py" line="274"/>
        <source>Imported {n} coupons: {codes}</source>
        <translation>已导入 {n} 张优惠券：{codes}</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/page.py" line="283"/>
        <source>Cannot read the file: {reason}</source>
        <translation>无法读取文件：{reason}</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/page.py" line="295"/>
        <source>Line {line}</source>
        <translation>第 {line} 行</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/page.py" line="297"/>
        <source>Line {line} ({code})</source>
        <translation>第 {line} 行（{code}）</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/page.py" line="298"/>
        <source>{where}, {column}: {problem}</source>
        <translation>{where}，{column}：{problem}</translation>
    </message>
</context>
<context>
    <name>Crash</name>
    <message>
        <location filename="../../gui/crash.py" line="38"/>
        <source>Unexpected error</source>
        <translation>意外错误</translation>
    </message>
    <message>
        <location filename="../../gui/crash.py" line="40"/>
        <source>Something went wrong: {error}

CounterDesk keeps running; nothing already saved is lost. Details were written to {log}.</source>
        <translation>出现问题：{error}

CounterDesk 仍在运行，已保存的数据不会丢失。详细信息已写入 {log}。</translation>
    </message>
</context>
<context>
    <name>CustomerDisplay</name>
    <message>
        <location filename="../../gui/customer_display/window.py" line="59"/>
        <source>CounterDesk — customer display</source>
        <translation>CounterDesk — 顾客显示屏</translation>
    </message>
    <message>
        <location filename="../../gui/customer_display/window.py" line="140"/>
        <source>Member: {member}</source>
        <translation>会员：{member}</translation>
    </message>
    <message>
        <location filename="../../gui/customer_display/window.py" line="142"/>
        <source>Thank you!</source>
        <translation>谢谢惠顾！</translation>
    </message>
    <message>
        <location filename="../../gui/customer_display/window.py" line="143"/>
        <source>Paid {amount}</source>
        <translation>已付 {amount}</translation>
    </message>
    <message>
        <location filename="../../gui/customer_display/window.py" line="146"/>
        <source>You saved {amount}</source>
        <translation>为您节省 {amount}</translation>
    </message>
    <message>
        <location filename="../../gui/customer_display/window.py" line="148"/>
        <source>Change {amount}</source>
        <translation>找零 {amount}</translation>
    </message>
    <message>
        <location filename="../../gui/customer_display/window.py" line="149"/>
        <source>Order {number}</source>
        <translation>订单 {number}</translation>
    </message>
    <message>
        <location filename="../../gui/customer_display/window.py" line="154"/>
        <source>Welcome</source>
        <translation>欢迎光临</translation>
    </message>
    <message>
        <location filename="../../gui/customer_display/window.py" line="155"/>
        <source>Ask the cashier about this week&apos;s coupons.</source>
        <translation>本周优惠券请咨询收银员。</translation>
    </message>
    <message>
        <location filename="../../gui/customer_display/window.py" line="156"/>
        <source>This week in store</source>
        <translation>本周店内推荐</translation>
    </message>
    <message>
        <location filename="../../gui/customer_display/window.py" line="160"/>
        <source>Your basket</source>
        <translation>您的购物清单</translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/customer_display/window.py" line="169"/>
        <source>… and %n earlier line(s)</source>
        <translation>
            <numerusform>… 以及前面 %n 行</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/customer_display/window.py" line="172"/>
        <source>%n item(s)   Total {amount}</source>
        <translation>
            <numerusform>%n 件   合计 {amount}</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../gui/customer_display/window.py" line="174"/>
        <source>{amount} with your coupons</source>
        <translation>用券后 {amount}</translation>
    </message>
    <message>
        <location filename="../../gui/customer_display/window.py" line="180"/>
        <source>claimed ✓ — used at checkout when best</source>
        <translation>已领取 ✓ — 结账时自动选用最优</translation>
    </message>
</context>
<context>
    <name>CustomerDisplayController</name>
    <message>
        <location filename="../../gui/customer_display/window.py" line="211"/>
        <source>Customer &amp;display</source>
        <translation>顾客显示屏(&amp;D)</translation>
    </message>
</context>
<context>
    <name>DeskStatusBar</name>
    <message>
        <location filename="../../gui/status_bar.py" line="14"/>
        <source>Database: opening…</source>
        <translation>数据库：正在打开…</translation>
    </message>
    <message>
        <location filename="../../gui/status_bar.py" line="23"/>
        <source>Database: {kind} ✓</source>
        <translation>数据库：{kind} ✓</translation>
    </message>
    <message>
        <location filename="../../gui/status_bar.py" line="24"/>
        <source>{url}
schema {revision}</source>
        <translation>{url}
结构版本 {revision}</translation>
    </message>
    <message>
        <location filename="../../gui/status_bar.py" line="28"/>
        <source>Database: not open ✗</source>
        <translation>数据库：未打开 ✗</translation>
    </message>
    <message>
        <location filename="../../gui/status_bar.py" line="41"/>
        <source>{n} events in the outbox waiting for the server</source>
        <translation>发件箱中有 {n} 条事件等待发往服务器</translation>
    </message>
    <message>
        <location filename="../../gui/status_bar.py" line="43"/>
        <source>{n} waiting</source>
        <translation>{n} 条待发送</translation>
    </message>
    <message>
        <location filename="../../gui/status_bar.py" line="46"/>
        <source>Sync: {state}</source>
        <translation>同步：{state}</translation>
    </message>
</context>
<context>
    <name>DeviceHub</name>
    <message>
        <location filename="../../gui/device_hub.py" line="141"/>
        <source>keyboard</source>
        <translation>键盘模式</translation>
    </message>
    <message>
        <location filename="../../gui/device_hub.py" line="143"/>
        <location filename="../../gui/device_hub.py" line="172"/>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../gui/device_hub.py" line="168"/>
        <source>connected</source>
        <translation>已连接</translation>
    </message>
    <message>
        <location filename="../../gui/device_hub.py" line="169"/>
        <source>unplugged</source>
        <translation>已拔出</translation>
    </message>
    <message>
        <location filename="../../gui/device_hub.py" line="170"/>
        <source>reconnecting…</source>
        <translation>正在重连…</translation>
    </message>
    <message>
        <location filename="../../gui/device_hub.py" line="171"/>
        <source>unreadable data</source>
        <translation>数据无法识别</translation>
    </message>
    <message>
        <location filename="../../gui/device_hub.py" line="183"/>
        <source>connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <location filename="../../gui/device_hub.py" line="198"/>
        <source>board {boards} not answering</source>
        <translation>{boards} 号锁控板无响应</translation>
    </message>
    <message>
        <location filename="../../gui/device_hub.py" line="202"/>
        <source>simulator</source>
        <translation>模拟器</translation>
    </message>
    <message>
        <location filename="../../gui/device_hub.py" line="204"/>
        <source>ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <location filename="../../gui/device_hub.py" line="211"/>
        <source>unavailable</source>
        <translation>不可用</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <location filename="../../gui/common/i18n.py" line="65"/>
        <source>“{code}” is not a valid product code: its check digit is wrong. Scan it again or type it carefully.</source>
        <translation>“{code}”不是有效的商品条码：校验位错误。请重新扫描或仔细输入。</translation>
    </message>
    <message>
        <location filename="../../gui/common/i18n.py" line="67"/>
        <source>Nothing was scanned or typed.</source>
        <translation>没有扫描或输入任何内容。</translation>
    </message>
    <message>
        <location filename="../../gui/common/i18n.py" line="68"/>
        <source>“{code}” is not a product code: expected 8, 12 or 13 digits.</source>
        <translation>“{code}”不是商品条码：应为 8、12 或 13 位数字。</translation>
    </message>
    <message>
        <location filename="../../gui/common/i18n.py" line="70"/>
        <source>No product with code {code} in the catalogue. Nothing was added.</source>
        <translation>商品目录中没有条码为 {code} 的商品，未添加任何商品。</translation>
    </message>
    <message>
        <location filename="../../gui/common/i18n.py" line="72"/>
        <source>{name} ({code}) is no longer sold. Nothing was added.</source>
        <translation>{name}（{code}）已停售，未添加。</translation>
    </message>
    <message>
        <location filename="../../gui/common/i18n.py" line="74"/>
        <source>Wrong PIN. Tries left before this operator is locked: {n}.</source>
        <translation>PIN 错误。该操作员被锁定前还可尝试 {n} 次。</translation>
    </message>
    <message>
        <location filename="../../gui/common/i18n.py" line="76"/>
        <source>Too many wrong PINs: this operator is locked until {time}.</source>
        <translation>PIN 错误次数过多：该操作员已锁定至 {time}。</translation>
    </message>
    <message>
        <location filename="../../gui/common/i18n.py" line="78"/>
        <source>This operator no longer exists or is disabled.</source>
        <translation>该操作员不存在或已停用。</translation>
    </message>
    <message>
        <location filename="../../gui/common/i18n.py" line="80"/>
        <source>The database {url} was written by a newer version of CounterDesk (schema {revision}). Update CounterDesk or choose another database in Settings. Nothing was changed.</source>
        <translation>数据库 {url} 由更新版本的 CounterDesk 写入（结构版本 {revision}）。请升级 CounterDesk，或在设置中选择其他数据库。数据未作任何改动。</translation>
    </message>
    <message>
        <location filename="../../gui/common/i18n.py" line="82"/>
        <source>The database {url} is damaged or is not a CounterDesk database ({reason}). It was left untouched; restore a backup or choose another database in Settings.</source>
        <translation>数据库 {url} 已损坏或不是 CounterDesk 数据库（{reason}）。文件未被改动；请恢复备份或在设置中选择其他数据库。</translation>
    </message>
    <message>
        <location filename="../../gui/common/i18n.py" line="84"/>
        <source>Cannot reach the database {url} ({reason}). Check the server and the address in Settings.</source>
        <translation>无法连接数据库 {url}（{reason}）。请检查服务器及设置中的地址。</translation>
    </message>
    <message>
        <location filename="../../gui/common/i18n.py" line="86"/>
        <source>No member with code or phone “{text}”. Check it, or sell without a member.</source>
        <translation>没有会员卡号或手机号为“{text}”的会员。请核对，或不使用会员结账。</translation>
    </message>
    <message>
        <location filename="../../gui/common/i18n.py" line="88"/>
        <source>There is no coupon “{code}”.</source>
        <translation>没有优惠券“{code}”。</translation>
    </message>
    <message>
        <location filename="../../gui/common/i18n.py" line="90"/>
        <source>The coupon “{title}” is paused and cannot be claimed now.</source>
        <translation>优惠券“{title}”已暂停，暂不能领取。</translation>
    </message>
    <message>
        <location filename="../../gui/common/i18n.py" line="92"/>
        <source>The coupon “{title}” has expired.</source>
        <translation>优惠券“{title}”已过期。</translation>
    </message>
    <message>
        <location filename="../../gui/common/i18n.py" line="94"/>
        <source>The coupon “{title}” is not valid yet.</source>
        <translation>优惠券“{title}”尚未生效。</translation>
    </message>
    <message>
        <location filename="../../gui/common/i18n.py" line="96"/>
        <source>The coupon “{title}” has all been claimed.</source>
        <translation>优惠券“{title}”已被领完。</translation>
    </message>
    <message>
        <location filename="../../gui/common/i18n.py" line="98"/>
        <source>This member already has as many “{title}” coupons as allowed ({limit}).</source>
        <translation>该会员领取“{title}”已达上限（{limit} 张）。</translation>
    </message>
    <message>
        <location filename="../../gui/common/i18n.py" line="100"/>
        <source>The coupon “{title}” belongs to another store.</source>
        <translation>优惠券“{title}”属于其他门店。</translation>
    </message>
    <message>
        <location filename="../../gui/common/i18n.py" line="102"/>
        <source>A coupon in this sale was just used at another counter. Check the sale again.</source>
        <translation>本单中的一张优惠券刚在其他收银台使用，请重新核对本单。</translation>
    </message>
    <message>
        <location filename="../../gui/common/i18n.py" line="104"/>
        <source>The coupon “{code}” is claimed for a member: identify the member first (scan their card or type their phone number on the Cashier page).</source>
        <translation>优惠券「{code}」需领取到会员名下：请先识别会员（在收银页扫描会员卡或输入手机号）。</translation>
    </message>
    <message>
        <location filename="../../gui/common/i18n.py" line="106"/>
        <source>The coupon was not saved: {n} problem(s), listed below. Nothing was changed.</source>
        <translation>优惠券未保存：有 {n} 个问题，见下方列表。未做任何更改。</translation>
    </message>
    <message>
        <location filename="../../gui/common/i18n.py" line="108"/>
        <location filename="../../gui/common/i18n.py" line="113"/>
        <source>Nothing was imported: {n} problem(s) in the file, listed below with their line numbers.</source>
        <translation>未导入任何内容：文件中有 {n} 个问题，下方列出了行号。</translation>
    </message>
    <message>
        <location filename="../../gui/common/i18n.py" line="111"/>
        <source>Not saved: {n} problem(s), listed below. Nothing was changed.</source>
        <translation>未保存：有 {n} 个问题，见下方。没有做任何更改。</translation>
    </message>
    <message>
        <location filename="../../gui/common/i18n.py" line="115"/>
        <source>This operator may not approve that: a manager&apos;s or an administrator&apos;s PIN is needed.</source>
        <translation>该操作员无权批准：需要店长或管理员的 PIN 码。</translation>
    </message>
    <message>
        <location filename="../../gui/common/i18n.py" line="117"/>
        <source>Those units were already refunded: {n} left to refund on that line.</source>
        <translation>这些件数已退过款：该行还可退 {n} 件。</translation>
    </message>
    <message>
        <location filename="../../gui/common/i18n.py" line="119"/>
        <source>The basket is empty.</source>
        <translation>购物篮是空的。</translation>
    </message>
    <message>
        <location filename="../../gui/common/i18n.py" line="121"/>
        <source>This desk&apos;s store code “{code}” is not in the database. Fix it in Settings.</source>
        <translation>本机的门店编号“{code}”不在数据库中，请在设置中修改。</translation>
    </message>
    <message>
        <location filename="../../gui/common/i18n.py" line="124"/>
        <source>Enter the card slip or QR payment reference.</source>
        <translation>请输入刷卡小票号或扫码支付流水号。</translation>
    </message>
    <message>
        <location filename="../../gui/common/i18n.py" line="125"/>
        <source>Unknown payment method “{method}”.</source>
        <translation>未知的支付方式“{method}”。</translation>
    </message>
    <message>
        <location filename="../../gui/common/i18n.py" line="127"/>
        <source>{tendered} is less than the total {total}.</source>
        <translation>实收 {tendered} 少于应收 {total}。</translation>
    </message>
    <message>
        <location filename="../../gui/common/i18n.py" line="129"/>
        <source>The total changed from {shown} to {now} (a coupon was used elsewhere or a price changed). Nothing was charged; check the sale again.</source>
        <translation>应收金额从 {shown} 变为 {now}（优惠券已在别处使用或价格有变）。未收取任何款项，请重新核对本单。</translation>
    </message>
    <message>
        <location filename="../../gui/common/i18n.py" line="132"/>
        <source>A report covers at most {days} days; choose a shorter range.</source>
        <translation>一份报表最多涵盖 {days} 天，请选择更短的范围。</translation>
    </message>
    <message>
        <location filename="../../gui/common/i18n.py" line="133"/>
        <source>The range ends ({end}) before it starts ({start}).</source>
        <translation>结束日期（{end}）早于开始日期（{start}）。</translation>
    </message>
    <message>
        <location filename="../../gui/common/i18n.py" line="135"/>
        <source>A shift is already open in store {store} (shift {id}); close it before opening another.</source>
        <translation>门店 {store} 已有未结班次（班次 {id}），请先结班再开新班。</translation>
    </message>
    <message>
        <location filename="../../gui/common/i18n.py" line="137"/>
        <source>Shift {id} is not open any more (closed at another till?). Nothing was recorded.</source>
        <translation>班次 {id} 已不在营业中（可能已在另一台收银机结班），未作任何记录。</translation>
    </message>
    <message>
        <location filename="../../gui/common/i18n.py" line="139"/>
        <source>The amount is not valid: a cash amount from ¥0.00 to ¥100,000,000.00 (a cash move more than ¥0.00). Nothing was recorded.</source>
        <translation>金额无效：现金金额应在 ¥0.00 至 ¥100,000,000.00 之间（存取现金须大于 ¥0.00）。未作任何记录。</translation>
    </message>
    <message>
        <location filename="../../gui/common/i18n.py" line="141"/>
        <source>Say why cash goes in or out (e.g. “change from the bank”, “cash to the safe”). Nothing was recorded.</source>
        <translation>请填写存取现金的原因（如“银行换零钱”“现金存入保险柜”）。未作任何记录。</translation>
    </message>
    <message>
        <location filename="../../gui/common/i18n.py" line="143"/>
        <source>The till still holds an unpaid sale ({n} items): finish or clear it before closing the shift. The shift stays open.</source>
        <translation>收银台还有未付款的销售（{n} 件商品）：请先完成或清空后再结班。班次仍在营业中。</translation>
    </message>
    <message>
        <location filename="../../gui/common/i18n.py" line="145"/>
        <source>There is no order {number}.</source>
        <translation>没有订单 {number}。</translation>
    </message>
    <message>
        <location filename="../../gui/common/i18n.py" line="147"/>
        <source>Order {number} was already refunded.</source>
        <translation>订单 {number} 已退款。</translation>
    </message>
    <message>
        <location filename="../../gui/common/i18n.py" line="149"/>
        <source>Your role may not do this; ask an administrator.</source>
        <translation>您的角色无权执行此操作，请联系管理员。</translation>
    </message>
    <message>
        <location filename="../../gui/common/i18n.py" line="151"/>
        <source>A quantity must be between 1 and {maximum}.</source>
        <translation>数量必须在 1 到 {maximum} 之间。</translation>
    </message>
    <message>
        <location filename="../../gui/common/i18n.py" line="170"/>
        <source>Parcel {tracking} ({courier}) is already registered and not yet collected. Nothing was registered twice.</source>
        <translation>包裹 {tracking}（{courier}）已登记且尚未取走。未重复登记。</translation>
    </message>
    <message>
        <location filename="../../gui/common/i18n.py" line="172"/>
        <source>There is no parcel {parcel}.</source>
        <translation>没有包裹 {parcel}。</translation>
    </message>
    <message>
        <location filename="../../gui/common/i18n.py" line="174"/>
        <source>Parcel {tracking} is {state} now, so this cannot be done (another desk may have done it). Nothing was changed.</source>
        <translation>包裹 {tracking} 当前状态为{state}，无法执行此操作（可能已由其他前台处理）。未做任何更改。</translation>
    </message>
    <message>
        <location filename="../../gui/common/i18n.py" line="178"/>
        <source>No free slot fits a size {size} parcel (banks tried: {banks}). Keep the parcel at the desk or free a slot.</source>
        <translation>没有适合 {size} 号包裹的空格口（已尝试：{banks}）。请将包裹暂存前台或腾出格口。</translation>
    </message>
    <message>
        <location filename="../../gui/common/i18n.py" line="180"/>
        <source>Slot {door} was just taken by another desk. Choose another slot.</source>
        <translation>格口 {door} 刚被其他前台占用。请选择其他格口。</translation>
    </message>
    <message>
        <location filename="../../gui/common/i18n.py" line="182"/>
        <source>Wrong pickup code. Tries left before pickup by code is locked at this desk: {n}.</source>
        <translation>取件码错误。本柜台锁定取件码取件前还可尝试 {n} 次。</translation>
    </message>
    <message>
        <location filename="../../gui/common/i18n.py" line="186"/>
        <source>Too many wrong pickup codes: pickup by code is locked at this desk until {time}. Staff can still hand out parcels after checking an ID.</source>
        <translation>取件码错误次数过多：本前台的取件码取件已锁定至 {time}。员工核验证件后仍可发放包裹。</translation>
    </message>
    <message>
        <location filename="../../gui/common/i18n.py" line="188"/>
        <source>Door {door} did not open: the lock is jammed or the door is blocked. The slot was taken out of service; nothing was marked stored.</source>
        <translation>柜门 {door} 未打开：锁卡住或门被挡住。该格口已停用；未标记为已存入。</translation>
    </message>
    <message>
        <location filename="../../gui/common/i18n.py" line="190"/>
        <source>Door {door}: lock board {board} does not answer. Check its power and cable; nothing was marked stored.</source>
        <translation>柜门 {door}：锁控板 {board} 无应答。请检查电源和线缆；未标记为已存入。</translation>
    </message>
    <message>
        <location filename="../../gui/common/i18n.py" line="192"/>
        <source>Stopped waiting for door {door}. Nothing was marked stored; close the door.</source>
        <translation>已停止等待柜门 {door}。未标记为已存入；请关上柜门。</translation>
    </message>
    <message>
        <location filename="../../gui/common/i18n.py" line="194"/>
        <source>Door {door} was not closed within {seconds} s. Close it, then try again; nothing was marked stored.</source>
        <translation>柜门 {door} 未在 {seconds} 秒内关闭。请关门后重试；未标记为已存入。</translation>
    </message>
    <message>
        <location filename="../../gui/common/i18n.py" line="196"/>
        <source>The recipient is not known or not unique: choose the resident first.</source>
        <translation>收件人未知或不唯一：请先选择住户。</translation>
    </message>
</context>
<context>
    <name>EventTableModel</name>
    <message>
        <location filename="../../gui/parcels/parcel_table.py" line="102"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/parcel_table.py" line="102"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/parcel_table.py" line="102"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/parcel_table.py" line="102"/>
        <source>Operator</source>
        <translation>操作员</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/parcel_table.py" line="108"/>
        <source>system</source>
        <translation>系统</translation>
    </message>
</context>
<context>
    <name>FaceEnrol</name>
    <message>
        <location filename="../../gui/faces/enrol_dialog.py" line="51"/>
        <source>no face found</source>
        <translation>未检测到人脸</translation>
    </message>
    <message>
        <location filename="../../gui/faces/enrol_dialog.py" line="52"/>
        <source>the face is too small: come closer or use a larger photo</source>
        <translation>人脸太小：请靠近些或使用更大的照片</translation>
    </message>
    <message>
        <location filename="../../gui/faces/enrol_dialog.py" line="53"/>
        <source>more than one face: one person per photo</source>
        <translation>不止一张人脸：每张照片只能有一人</translation>
    </message>
    <message>
        <location filename="../../gui/faces/enrol_dialog.py" line="54"/>
        <source>the face is blurred: hold still, use more light</source>
        <translation>人脸模糊：请保持不动，增加光线</translation>
    </message>
    <message>
        <location filename="../../gui/faces/enrol_dialog.py" line="55"/>
        <source>not an image file</source>
        <translation>不是图片文件</translation>
    </message>
    <message>
        <location filename="../../gui/faces/enrol_dialog.py" line="63"/>
        <source>No consent is recorded for this resident, so nothing was stored.</source>
        <translation>该住户没有同意记录，因此未保存任何数据。</translation>
    </message>
    <message>
        <location filename="../../gui/faces/enrol_dialog.py" line="65"/>
        <source>Use {min} to {max} usable photos (now {count}).</source>
        <translation>请使用 {min} 到 {max} 张可用照片（当前 {count} 张）。</translation>
    </message>
    <message>
        <location filename="../../gui/faces/enrol_dialog.py" line="68"/>
        <source>Photos {first} and {second} do not look like the same person (distance {distance}). Nothing was stored: remove the wrong photo or take new ones.</source>
        <translation>照片 {first} 和 {second} 看起来不是同一人（距离 {distance}）。未保存：请删除错误照片或重新拍摄。</translation>
    </message>
    <message>
        <location filename="../../gui/faces/enrol_dialog.py" line="73"/>
        <source>Photo {photo} looks like {name}, who is already enrolled (distance {distance}). Nothing was stored: check that this is the right resident.</source>
        <translation>照片 {photo} 与已录入的 {name} 相似（距离 {distance}）。未保存：请确认住户是否正确。</translation>
    </message>
    <message>
        <location filename="../../gui/faces/enrol_dialog.py" line="77"/>
        <source>This resident no longer exists.</source>
        <translation>该住户已不存在。</translation>
    </message>
</context>
<context>
    <name>FaceEnrolDialog</name>
    <message>
        <location filename="../../gui/faces/enrol_dialog.py" line="88"/>
        <source>Face recognition: {name}</source>
        <translation>人脸识别：{name}</translation>
    </message>
    <message>
        <location filename="../../gui/faces/enrol_dialog.py" line="93"/>
        <source>The resident agrees to be recognised by face at the desk. Only face encodings are stored, never photos; they can be deleted at any time.</source>
        <translation>住户同意在前台进行人脸识别。只保存人脸特征值，从不保存照片；可随时删除。</translation>
    </message>
    <message>
        <location filename="../../gui/faces/enrol_dialog.py" line="96"/>
        <source>Record consent</source>
        <translation>记录同意</translation>
    </message>
    <message>
        <location filename="../../gui/faces/enrol_dialog.py" line="102"/>
        <source>Without consent the resident collects parcels with the pickup code sent to them; no face data is kept.</source>
        <translation>未同意时，住户凭收到的取件码取件；不保存任何人脸数据。</translation>
    </message>
    <message>
        <location filename="../../gui/faces/enrol_dialog.py" line="105"/>
        <source>Add photos from files…</source>
        <translation>从文件添加照片…</translation>
    </message>
    <message>
        <location filename="../../gui/faces/enrol_dialog.py" line="107"/>
        <location filename="../../gui/faces/enrol_dialog.py" line="363"/>
        <source>Start camera</source>
        <translation>打开摄像头</translation>
    </message>
    <message>
        <location filename="../../gui/faces/enrol_dialog.py" line="109"/>
        <source>Take photo</source>
        <translation>拍照</translation>
    </message>
    <message>
        <location filename="../../gui/faces/enrol_dialog.py" line="117"/>
        <source>Enrol</source>
        <translation>录入</translation>
    </message>
    <message>
        <location filename="../../gui/faces/enrol_dialog.py" line="121"/>
        <source>Clear photos</source>
        <translation>清除照片</translation>
    </message>
    <message>
        <location filename="../../gui/faces/enrol_dialog.py" line="123"/>
        <source>Delete all face data</source>
        <translation>删除全部人脸数据</translation>
    </message>
    <message>
        <location filename="../../gui/faces/enrol_dialog.py" line="126"/>
        <source>Withdraw consent</source>
        <translation>撤回同意</translation>
    </message>
    <message>
        <location filename="../../gui/faces/enrol_dialog.py" line="132"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../gui/faces/enrol_dialog.py" line="176"/>
        <source>Consent recorded {when} by {who}.</source>
        <translation>{who} 于 {when} 记录了同意。</translation>
    </message>
    <message>
        <location filename="../../gui/faces/enrol_dialog.py" line="179"/>
        <source>No consent recorded.</source>
        <translation>没有同意记录。</translation>
    </message>
    <message>
        <location filename="../../gui/faces/enrol_dialog.py" line="181"/>
        <source>Enrolled: {n} encodings ({model}, {when}).</source>
        <translation>已录入：{n} 个特征值（{model}，{when}）。</translation>
    </message>
    <message>
        <location filename="../../gui/faces/enrol_dialog.py" line="185"/>
        <source>No face data stored.</source>
        <translation>未保存人脸数据。</translation>
    </message>
    <message>
        <location filename="../../gui/faces/enrol_dialog.py" line="198"/>
        <source>Record the resident&apos;s consent first; without it they use the pickup code.</source>
        <translation>请先记录住户的同意；未同意时住户使用取件码。</translation>
    </message>
    <message>
        <location filename="../../gui/faces/enrol_dialog.py" line="218"/>
        <source>Consent withdrawn; {n} encodings deleted.</source>
        <translation>已撤回同意；已删除 {n} 个特征值。</translation>
    </message>
    <message>
        <location filename="../../gui/faces/enrol_dialog.py" line="219"/>
        <source>{n} encodings deleted. The resident is no longer recognised.</source>
        <translation>已删除 {n} 个特征值。该住户将不再被识别。</translation>
    </message>
    <message>
        <location filename="../../gui/faces/enrol_dialog.py" line="227"/>
        <source>Unexpected error: {error}</source>
        <translation>意外错误：{error}</translation>
    </message>
    <message>
        <location filename="../../gui/faces/enrol_dialog.py" line="233"/>
        <source>Photos of the resident</source>
        <translation>住户照片</translation>
    </message>
    <message>
        <location filename="../../gui/faces/enrol_dialog.py" line="234"/>
        <source>Images (*.jpg *.jpeg *.png *.bmp *.webp)</source>
        <translation>图片 (*.jpg *.jpeg *.png *.bmp *.webp)</translation>
    </message>
    <message>
        <location filename="../../gui/faces/enrol_dialog.py" line="247"/>
        <source>camera photo</source>
        <translation>摄像头照片</translation>
    </message>
    <message>
        <location filename="../../gui/faces/enrol_dialog.py" line="251"/>
        <source>Record the resident&apos;s consent first.</source>
        <translation>请先记录住户的同意。</translation>
    </message>
    <message>
        <location filename="../../gui/faces/enrol_dialog.py" line="254"/>
        <source>{max} photos are enough.</source>
        <translation>{max} 张照片已足够。</translation>
    </message>
    <message>
        <location filename="../../gui/faces/enrol_dialog.py" line="256"/>
        <source>{label}: checking…</source>
        <translation>{label}：检查中…</translation>
    </message>
    <message>
        <location filename="../../gui/faces/enrol_dialog.py" line="283"/>
        <source>{label}: could not be checked ({error})</source>
        <translation>{label}：无法检查（{error}）</translation>
    </message>
    <message>
        <location filename="../../gui/faces/enrol_dialog.py" line="287"/>
        <source>{label}: not usable: {reason}</source>
        <translation>{label}：不可用：{reason}</translation>
    </message>
    <message>
        <location filename="../../gui/faces/enrol_dialog.py" line="290"/>
        <source>{label}: not needed, {max} photos already</source>
        <translation>{label}：不需要，已有 {max} 张照片</translation>
    </message>
    <message>
        <location filename="../../gui/faces/enrol_dialog.py" line="293"/>
        <source>{label}: usable (photo {n})</source>
        <translation>{label}：可用（第 {n} 张）</translation>
    </message>
    <message>
        <location filename="../../gui/faces/enrol_dialog.py" line="306"/>
        <source>Needs {min} to {max} usable photos; {n} so far.</source>
        <translation>需要 {min} 到 {max} 张可用照片；目前 {n} 张。</translation>
    </message>
    <message>
        <location filename="../../gui/faces/enrol_dialog.py" line="319"/>
        <source>Enrolled with {n} photos. The photos were not kept.</source>
        <translation>已用 {n} 张照片录入。照片未保存。</translation>
    </message>
    <message>
        <location filename="../../gui/faces/enrol_dialog.py" line="331"/>
        <source>No camera for faces is set (Settings → Faces). Add photos from files.</source>
        <translation>未设置人脸摄像头（设置 → 人脸）。请从文件添加照片。</translation>
    </message>
    <message>
        <location filename="../../gui/faces/enrol_dialog.py" line="336"/>
        <source>The camera did not open: {error}</source>
        <translation>摄像头未能打开：{error}</translation>
    </message>
    <message>
        <location filename="../../gui/faces/enrol_dialog.py" line="348"/>
        <source>Stop camera</source>
        <translation>关闭摄像头</translation>
    </message>
</context>
<context>
    <name>FindPanel</name>
    <message>
        <location filename="../../gui/parcels/list_panels.py" line="78"/>
        <source>Tracking no., unit (6-1303), name, or the last 4 digits of a phone</source>
        <translation>运单号、房号（6-1303）、姓名或手机后 4 位</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/list_panels.py" line="84"/>
        <source>Waiting in a locker</source>
        <translation>在柜待取</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/list_panels.py" line="85"/>
        <source>Announced, not stored</source>
        <translation>已预报，未入柜</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/list_panels.py" line="86"/>
        <source>Overdue</source>
        <translation>逾期</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/list_panels.py" line="87"/>
        <source>Recall requested</source>
        <translation>已请求召回</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/list_panels.py" line="88"/>
        <source>Picked up</source>
        <translation>已取件</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/list_panels.py" line="89"/>
        <source>Returned to courier</source>
        <translation>已退回快递员</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/list_panels.py" line="90"/>
        <source>All states</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/list_panels.py" line="95"/>
        <source>Any age</source>
        <translation>不限时长</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/list_panels.py" line="96"/>
        <location filename="../../gui/parcels/list_panels.py" line="97"/>
        <location filename="../../gui/parcels/list_panels.py" line="98"/>
        <source>Older than {h} h</source>
        <translation>超过 {h} 小时</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/list_panels.py" line="99"/>
        <source>History…</source>
        <translation>历史…</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/list_panels.py" line="133"/>
        <source>History of {tracking}</source>
        <translation>{tracking} 的历史</translation>
    </message>
</context>
<context>
    <name>GroupBuy</name>
    <message>
        <location filename="../../gui/groupbuy/texts.py" line="21"/>
        <source>There is no group {code}.</source>
        <translation>没有拼单 {code}。</translation>
    </message>
    <message>
        <location filename="../../gui/groupbuy/texts.py" line="25"/>
        <source>This group has already been paid (at this or another counter). Nothing was charged.</source>
        <translation>该拼单已结账（在本收银台或其他收银台）。本次未扣款。</translation>
    </message>
    <message>
        <location filename="../../gui/groupbuy/texts.py" line="27"/>
        <source>This group is still waiting for its members&apos; answers; it cannot be paid yet.</source>
        <translation>该拼单仍在等待成员回复，暂不能结账。</translation>
    </message>
    <message>
        <location filename="../../gui/groupbuy/texts.py" line="28"/>
        <source>This group has expired; it cannot be paid.</source>
        <translation>该拼单已过期，不能结账。</translation>
    </message>
    <message>
        <location filename="../../gui/groupbuy/texts.py" line="30"/>
        <source>Every member of the group needs a basket and a payment before the group can be paid.</source>
        <translation>拼单结账前，每位成员都需要有购物篮和付款方式。</translation>
    </message>
    <message>
        <location filename="../../gui/groupbuy/texts.py" line="32"/>
        <source>This desk&apos;s store ({store}) is not in the database: check Settings.</source>
        <translation>本机的门店（{store}）不在数据库中：请检查设置。</translation>
    </message>
    <message>
        <location filename="../../gui/groupbuy/texts.py" line="35"/>
        <source>That member is not in the database any more.</source>
        <translation>该会员已不在数据库中。</translation>
    </message>
    <message>
        <location filename="../../gui/groupbuy/texts.py" line="36"/>
        <source>The group-buy action was refused ({reason}).</source>
        <translation>拼单操作被拒绝（{reason}）。</translation>
    </message>
</context>
<context>
    <name>GroupBuyPage</name>
    <message>
        <location filename="../../gui/groupbuy/page.py" line="125"/>
        <source>Suggest now</source>
        <translation>立即推荐拼单</translation>
    </message>
    <message>
        <location filename="../../gui/groupbuy/page.py" line="128"/>
        <source>Scan or type a group code (G…) to check the group out</source>
        <translation>扫描或输入拼单码（G…）进行拼单结账</translation>
    </message>
    <message>
        <location filename="../../gui/groupbuy/page.py" line="140"/>
        <source>Shopping now</source>
        <translation>正在购物</translation>
    </message>
    <message>
        <location filename="../../gui/groupbuy/page.py" line="140"/>
        <source>Groups</source>
        <translation>拼单</translation>
    </message>
    <message>
        <location filename="../../gui/groupbuy/page.py" line="169"/>
        <source>Group buys</source>
        <translation>拼单</translation>
    </message>
    <message>
        <location filename="../../gui/groupbuy/page.py" line="206"/>
        <source>{n} members shopping, {total} in their baskets; {g} groups</source>
        <translation>{n} 位会员正在购物，购物篮共 {total}；{g} 个拼单</translation>
    </message>
    <message>
        <location filename="../../gui/groupbuy/page.py" line="217"/>
        <source>proven best</source>
        <translation>已证明最优</translation>
    </message>
    <message>
        <location filename="../../gui/groupbuy/page.py" line="217"/>
        <source>not proven best</source>
        <translation>未证明最优</translation>
    </message>
    <message>
        <location filename="../../gui/groupbuy/page.py" line="218"/>
        <source>{g} groups suggested from {n} members: value {value}, upper bound {bound}, {proof}.</source>
        <translation>从 {n} 位会员中推荐了 {g} 个拼单：价值 {value}，上界 {bound}，{proof}。</translation>
    </message>
    <message>
        <location filename="../../gui/groupbuy/page.py" line="229"/>
        <source>“{code}” is not a group code (G followed by digits).</source>
        <translation>“{code}”不是拼单码（应为 G 加数字）。</translation>
    </message>
    <message>
        <location filename="../../gui/groupbuy/page.py" line="237"/>
        <source>Group {code} cannot be paid: it is {state}.</source>
        <translation>拼单 {code} 无法结账：当前状态为{state}。</translation>
    </message>
    <message>
        <location filename="../../gui/groupbuy/page.py" line="249"/>
        <source>Group {code} paid: {n} orders, saving {saving} shared.</source>
        <translation>拼单 {code} 已结账：{n} 笔订单，共享优惠 {saving}。</translation>
    </message>
</context>
<context>
    <name>GroupCheckoutDialog</name>
    <message>
        <location filename="../../gui/groupbuy/checkout_dialog.py" line="37"/>
        <source>Group checkout {code}</source>
        <translation>拼单结账 {code}</translation>
    </message>
    <message>
        <location filename="../../gui/groupbuy/checkout_dialog.py" line="43"/>
        <source>Scan or type a product code for this member</source>
        <translation>为该会员扫描或输入商品条码</translation>
    </message>
    <message>
        <location filename="../../gui/groupbuy/checkout_dialog.py" line="55"/>
        <source>Cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <location filename="../../gui/groupbuy/checkout_dialog.py" line="56"/>
        <source>Card</source>
        <translation>银行卡</translation>
    </message>
    <message>
        <location filename="../../gui/groupbuy/checkout_dialog.py" line="57"/>
        <source>QR payment</source>
        <translation>扫码支付</translation>
    </message>
    <message>
        <location filename="../../gui/groupbuy/checkout_dialog.py" line="59"/>
        <source>card / QR reference</source>
        <translation>银行卡/扫码支付流水号</translation>
    </message>
    <message>
        <location filename="../../gui/groupbuy/checkout_dialog.py" line="67"/>
        <source>Pay together</source>
        <translation>一起结账</translation>
    </message>
    <message>
        <location filename="../../gui/groupbuy/checkout_dialog.py" line="78"/>
        <source>Meeting point: this counter. Each member pays their own part.</source>
        <translation>集合地点：本收银台。每位会员支付自己的部分。</translation>
    </message>
    <message>
        <location filename="../../gui/groupbuy/checkout_dialog.py" line="110"/>
        <source>Scan every member&apos;s items; the saving is computed on the pooled basket.</source>
        <translation>请扫描每位会员的商品；优惠按合并后的购物篮计算。</translation>
    </message>
    <message>
        <location filename="../../gui/groupbuy/checkout_dialog.py" line="126"/>
        <source>Pooled {pooled}: the promotion saves {saving} once; to pay {due}.</source>
        <translation>合计 {pooled}：促销优惠一次 {saving}；应付 {due}。</translation>
    </message>
    <message>
        <location filename="../../gui/groupbuy/checkout_dialog.py" line="130"/>
        <source>{total} − share {share} = {due}</source>
        <translation>{total} − 分摊 {share} = {due}</translation>
    </message>
</context>
<context>
    <name>GroupModel</name>
    <message>
        <location filename="../../gui/groupbuy/page.py" line="84"/>
        <source>Group</source>
        <translation>拼单</translation>
    </message>
    <message>
        <location filename="../../gui/groupbuy/page.py" line="84"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../gui/groupbuy/page.py" line="84"/>
        <source>Members and shares</source>
        <translation>成员及分摊</translation>
    </message>
    <message>
        <location filename="../../gui/groupbuy/page.py" line="84"/>
        <source>Basket</source>
        <translation>购物篮</translation>
    </message>
    <message>
        <location filename="../../gui/groupbuy/page.py" line="85"/>
        <source>Saving</source>
        <translation>优惠</translation>
    </message>
    <message>
        <location filename="../../gui/groupbuy/page.py" line="85"/>
        <source>Certificate</source>
        <translation>证明</translation>
    </message>
    <message>
        <location filename="../../gui/groupbuy/page.py" line="89"/>
        <source>waiting for answers</source>
        <translation>等待回复</translation>
    </message>
    <message>
        <location filename="../../gui/groupbuy/page.py" line="89"/>
        <source>formed: pay at the till</source>
        <translation>已成团：到收银台结账</translation>
    </message>
    <message>
        <location filename="../../gui/groupbuy/page.py" line="90"/>
        <source>paid</source>
        <translation>已付款</translation>
    </message>
    <message>
        <location filename="../../gui/groupbuy/page.py" line="90"/>
        <source>expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <location filename="../../gui/groupbuy/page.py" line="93"/>
        <source>exact</source>
        <translation>精确</translation>
    </message>
    <message>
        <location filename="../../gui/groupbuy/page.py" line="93"/>
        <source>not proven best</source>
        <translation>未证明最优</translation>
    </message>
    <message>
        <location filename="../../gui/groupbuy/page.py" line="94"/>
        <source>run value {value} ≤ bound {bound}, {proof}</source>
        <translation>本轮价值 {value} ≤ 上界 {bound}，{proof}</translation>
    </message>
    <message>
        <location filename="../../gui/groupbuy/page.py" line="98"/>
        <source>?</source>
        <translation>？</translation>
    </message>
    <message>
        <location filename="../../gui/groupbuy/page.py" line="98"/>
        <source>yes</source>
        <translation>同意</translation>
    </message>
    <message>
        <location filename="../../gui/groupbuy/page.py" line="98"/>
        <source>no</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <location filename="../../gui/groupbuy/page.py" line="100"/>
        <source>{name} {basket} saves {share} ({answer})</source>
        <translation>{name} {basket} 省 {share}（{answer}）</translation>
    </message>
    <message>
        <location filename="../../gui/groupbuy/page.py" line="114"/>
        <source>Answer by {time}</source>
        <translation>请在 {time} 前回复</translation>
    </message>
</context>
<context>
    <name>IntakePanel</name>
    <message>
        <location filename="../../gui/parcels/intake_panel.py" line="58"/>
        <source>Scan or type the waybill number (Code 128)</source>
        <translation>扫描或输入运单号（Code 128）</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/intake_panel.py" line="73"/>
        <source>Slot size {size}</source>
        <translation>格口尺寸 {size}</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/intake_panel.py" line="79"/>
        <location filename="../../gui/parcels/intake_panel.py" line="186"/>
        <location filename="../../gui/parcels/intake_panel.py" line="327"/>
        <source>Register and store</source>
        <translation>登记并入柜</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/intake_panel.py" line="84"/>
        <source>Tracking no.</source>
        <translation>运单号</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/intake_panel.py" line="86"/>
        <source>Courier</source>
        <translation>快递公司</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/intake_panel.py" line="87"/>
        <source>Size</source>
        <translation>尺寸</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/intake_panel.py" line="88"/>
        <source>Recipient</source>
        <translation>收件人</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/intake_panel.py" line="89"/>
        <source>1. Parcel</source>
        <translation>1. 包裹</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/intake_panel.py" line="97"/>
        <source>No parcel yet.</source>
        <translation>尚无包裹。</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/intake_panel.py" line="112"/>
        <source>Open door</source>
        <translation>开门</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/intake_panel.py" line="115"/>
        <source>Try another slot</source>
        <translation>换一个格口</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/intake_panel.py" line="118"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/intake_panel.py" line="124"/>
        <source>2. Locker</source>
        <translation>2. 快递柜</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/intake_panel.py" line="157"/>
        <source>Finish or cancel the parcel in progress first.</source>
        <translation>请先完成或取消当前包裹。</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/intake_panel.py" line="162"/>
        <source>“{code}” is not a waybill number: expected 6 to 40 letters, digits or symbols, without spaces.</source>
        <translation>“{code}”不是运单号：应为 6 到 40 个字母、数字或符号，不含空格。</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/intake_panel.py" line="178"/>
        <source>Choose the size and the recipient, then press Register and store.</source>
        <translation>选择尺寸和收件人，然后按「登记并入柜」。</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/intake_panel.py" line="191"/>
        <source>Announced by {courier} for {name}, {unit}.</source>
        <translation>{courier} 预报，收件人 {name}，{unit}。</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/intake_panel.py" line="194"/>
        <source>{flag}: choose the resident below.</source>
        <translation>{flag}：请在下方选择住户。</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/intake_panel.py" line="197"/>
        <source>Store</source>
        <translation>入柜</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/intake_panel.py" line="206"/>
        <source>Scan or type the waybill number first.</source>
        <translation>请先扫描或输入运单号。</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/intake_panel.py" line="214"/>
        <source>Choose the recipient: search by unit, name or phone tail and select a row.</source>
        <translation>选择收件人：按房号、姓名或手机尾号搜索并选中一行。</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/intake_panel.py" line="221"/>
        <source>Assigning the recipient…</source>
        <translation>正在指定收件人…</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/intake_panel.py" line="226"/>
        <source>Registering…</source>
        <translation>正在登记…</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/intake_panel.py" line="244"/>
        <source>Choosing a slot for {tracking}…</source>
        <translation>正在为 {tracking} 选择格口…</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/intake_panel.py" line="251"/>
        <source>Door {door}</source>
        <translation>柜门 {door}</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/intake_panel.py" line="252"/>
        <source>Bank {bank} ({name}), slot {no}, size {size}, {m} m from the recipient&apos;s building.</source>
        <translation>{bank} 柜组（{name}），{no} 号格口，尺寸 {size}，距收件人楼栋 {m} 米。</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/intake_panel.py" line="256"/>
        <source>The nearest bank has no free slot of this size; this is the next nearest.</source>
        <translation>最近的柜组没有此尺寸的空格口；这是次近的柜组。</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/intake_panel.py" line="258"/>
        <source>Press Open door, put the parcel in and close the door.</source>
        <translation>按「开门」，放入包裹并关上柜门。</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/intake_panel.py" line="269"/>
        <source>Door {door} is opening: put the parcel in and close the door. Waiting for the door… (Cancel stops waiting; after {seconds} s without the door closing, the parcel is left registered but not stored.)</source>
        <translation>柜门 {door} 正在打开：放入快递并关门。正在等待关门…（按“取消”停止等待；{seconds} 秒内未关门，快递保持已登记、未入柜。）</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/intake_panel.py" line="279"/>
        <source>A parcel is being stored: door {door} is open.</source>
        <translation>正在存入快递：柜门 {door} 已打开。</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/intake_panel.py" line="284"/>
        <source>Stored in {door}</source>
        <translation>已存入 {door}</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/intake_panel.py" line="285"/>
        <source>Pickup code {code}</source>
        <translation>取件码 {code}</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/intake_panel.py" line="286"/>
        <source>{tracking} is stored; the recipient was sent the code. Scan the next parcel.</source>
        <translation>{tracking} 已入柜；取件码已发送给收件人。请扫描下一个包裹。</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/intake_panel.py" line="296"/>
        <source>Press Try another slot.</source>
        <translation>请按「换一个格口」。</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/intake_panel.py" line="305"/>
        <source>Choosing another slot…</source>
        <translation>正在选择其他格口…</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/intake_panel.py" line="313"/>
        <source>Cancelled: the parcel is registered but not in a locker.</source>
        <translation>已取消：包裹已登记但未入柜。</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/intake_panel.py" line="315"/>
        <source>Nothing was marked stored. Scan it again to store it later.</source>
        <translation>未标记为已存入。稍后再次扫描即可入柜。</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <location filename="../../gui/kiosk/window.py" line="81"/>
        <source>Coupon kiosk</source>
        <translation>自助领券机</translation>
    </message>
    <message>
        <location filename="../../gui/kiosk/window.py" line="104"/>
        <source>Coupons for what you hold up</source>
        <translation>对准商品，查看优惠券</translation>
    </message>
    <message>
        <location filename="../../gui/kiosk/window.py" line="114"/>
        <source>Hold the barcode up to the camera</source>
        <translation>请将条码对准摄像头</translation>
    </message>
    <message>
        <location filename="../../gui/kiosk/window.py" line="136"/>
        <source>Staff: close the kiosk</source>
        <translation>员工：关闭自助机</translation>
    </message>
    <message>
        <location filename="../../gui/kiosk/window.py" line="155"/>
        <source>Hold a product up to the camera to see its coupons.</source>
        <translation>将商品对准摄像头，即可查看优惠券。</translation>
    </message>
    <message>
        <location filename="../../gui/kiosk/window.py" line="158"/>
        <source>Members: claim them with your phone number — no app needed.</source>
        <translation>会员凭手机号即可领取，无需下载 App。</translation>
    </message>
    <message>
        <location filename="../../gui/kiosk/window.py" line="177"/>
        <source>No coupons for this product today.</source>
        <translation>该商品今天没有优惠券。</translation>
    </message>
    <message>
        <location filename="../../gui/kiosk/window.py" line="180"/>
        <source>Enter phone or member number</source>
        <translation>输入手机号或会员号</translation>
    </message>
    <message>
        <location filename="../../gui/kiosk/window.py" line="204"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../gui/kiosk/window.py" line="262"/>
        <source>The camera is not working. Please ask at the counter.</source>
        <translation>摄像头无法使用，请到柜台咨询。</translation>
    </message>
    <message>
        <location filename="../../gui/kiosk/window.py" line="338"/>
        <source>Claimed ✓</source>
        <translation>已领取 ✓</translation>
    </message>
    <message>
        <location filename="../../gui/kiosk/window.py" line="338"/>
        <source>Claim</source>
        <translation>领取</translation>
    </message>
    <message>
        <location filename="../../gui/kiosk/window.py" line="363"/>
        <source>Claiming…</source>
        <translation>领取中…</translation>
    </message>
    <message>
        <location filename="../../gui/kiosk/window.py" line="370"/>
        <source>Done! “{title}” is now in your member account; the cashier applies it at checkout.</source>
        <translation>领取成功！「{title}」已存入您的会员账户，结账时收银员会为您使用。</translation>
    </message>
    <message>
        <location filename="../../gui/kiosk/window.py" line="383"/>
        <source>Type your phone number or member number, then OK.</source>
        <translation>输入手机号或会员号，然后按「确定」。</translation>
    </message>
    <message>
        <location filename="../../gui/kiosk/window.py" line="391"/>
        <source>Staff only: administrator PIN to close the kiosk.</source>
        <translation>仅限员工：输入管理员 PIN 关闭自助机。</translation>
    </message>
    <message>
        <location filename="../../gui/kiosk/window.py" line="422"/>
        <source>Hello! Tap Claim on any coupon.</source>
        <translation>您好！点击任意优惠券的「领取」。</translation>
    </message>
    <message>
        <location filename="../../gui/kiosk/window.py" line="423"/>
        <source>Hello! Now hold a product up to the camera.</source>
        <translation>您好！现在请将商品对准摄像头。</translation>
    </message>
    <message>
        <location filename="../../gui/kiosk/window.py" line="433"/>
        <source>We could not find that number. Check it and try again, or ask at the counter.</source>
        <translation>未找到该号码。请检查后重试，或到柜台咨询。</translation>
    </message>
</context>
<context>
    <name>LiveModel</name>
    <message>
        <location filename="../../gui/groupbuy/page.py" line="54"/>
        <source>Member</source>
        <translation>会员</translation>
    </message>
    <message>
        <location filename="../../gui/groupbuy/page.py" line="54"/>
        <source>Phone</source>
        <translation>手机</translation>
    </message>
    <message>
        <location filename="../../gui/groupbuy/page.py" line="54"/>
        <source>From</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../../gui/groupbuy/page.py" line="54"/>
        <source>Basket</source>
        <translation>购物篮</translation>
    </message>
    <message>
        <location filename="../../gui/groupbuy/page.py" line="54"/>
        <source>Items</source>
        <translation>件数</translation>
    </message>
    <message>
        <location filename="../../gui/groupbuy/page.py" line="55"/>
        <source>Updated</source>
        <translation>更新时间</translation>
    </message>
    <message>
        <location filename="../../gui/groupbuy/page.py" line="62"/>
        <source>phone</source>
        <translation>手机</translation>
    </message>
    <message>
        <location filename="../../gui/groupbuy/page.py" line="62"/>
        <source>kiosk</source>
        <translation>自助机</translation>
    </message>
    <message>
        <location filename="../../gui/groupbuy/page.py" line="62"/>
        <source>till</source>
        <translation>收银台</translation>
    </message>
</context>
<context>
    <name>LockGridModel</name>
    <message>
        <location filename="../../gui/lockers/grid.py" line="104"/>
        <source>Door {door}: {state}</source>
        <translation>柜门 {door}：{state}</translation>
    </message>
</context>
<context>
    <name>LockSimulatorPanel</name>
    <message>
        <location filename="../../gui/lockers/sim_panel.py" line="39"/>
        <source>Lock-board simulator</source>
        <translation>锁控板模拟器</translation>
    </message>
    <message>
        <location filename="../../gui/lockers/sim_panel.py" line="43"/>
        <source>Plays the person at the lockers. Select a door, then close it, force it open, jam its lock (the next open fails) or keep it from latching (it reads open after being pushed shut). Unplug the board to try a lost connection.</source>
        <translation>扮演快递柜前的人：选一个柜门，可以关上、强行打开、卡住锁（下次开门失败），或让它关不上锁（推上后仍显示打开）。拔下锁控板可试验断线。</translation>
    </message>
    <message>
        <location filename="../../gui/lockers/sim_panel.py" line="49"/>
        <source>Door</source>
        <translation>柜门</translation>
    </message>
    <message>
        <location filename="../../gui/lockers/sim_panel.py" line="49"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../gui/lockers/sim_panel.py" line="67"/>
        <source>Push the door shut</source>
        <translation>推上柜门</translation>
    </message>
    <message>
        <location filename="../../gui/lockers/sim_panel.py" line="68"/>
        <source>Force the door open</source>
        <translation>强行打开柜门</translation>
    </message>
    <message>
        <location filename="../../gui/lockers/sim_panel.py" line="69"/>
        <source>Jam the lock (next open fails)</source>
        <translation>卡住锁（下次开门失败）</translation>
    </message>
    <message>
        <location filename="../../gui/lockers/sim_panel.py" line="70"/>
        <source>Keep it from latching</source>
        <translation>让它锁不上</translation>
    </message>
    <message>
        <location filename="../../gui/lockers/sim_panel.py" line="71"/>
        <source>Repair this door</source>
        <translation>修好这个柜门</translation>
    </message>
    <message>
        <location filename="../../gui/lockers/sim_panel.py" line="79"/>
        <location filename="../../gui/lockers/sim_panel.py" line="182"/>
        <source>Unplug the board</source>
        <translation>拔下锁控板</translation>
    </message>
    <message>
        <location filename="../../gui/lockers/sim_panel.py" line="83"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../gui/lockers/sim_panel.py" line="114"/>
        <location filename="../../gui/lockers/sim_panel.py" line="127"/>
        <source>closed</source>
        <translation>已关</translation>
    </message>
    <message>
        <location filename="../../gui/lockers/sim_panel.py" line="114"/>
        <source>open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location filename="../../gui/lockers/sim_panel.py" line="116"/>
        <source>jammed</source>
        <translation>卡住</translation>
    </message>
    <message>
        <location filename="../../gui/lockers/sim_panel.py" line="118"/>
        <source>does not latch</source>
        <translation>锁不上</translation>
    </message>
    <message>
        <location filename="../../gui/lockers/sim_panel.py" line="135"/>
        <source>Door {door} pushed shut.</source>
        <translation>柜门 {door} 已推上。</translation>
    </message>
    <message>
        <location filename="../../gui/lockers/sim_panel.py" line="140"/>
        <source>Door {door} forced open.</source>
        <translation>柜门 {door} 被强行打开。</translation>
    </message>
    <message>
        <location filename="../../gui/lockers/sim_panel.py" line="147"/>
        <source>The lock of door {door} is jammed: the next open fails.</source>
        <translation>柜门 {door} 的锁卡住了：下次开门会失败。</translation>
    </message>
    <message>
        <location filename="../../gui/lockers/sim_panel.py" line="154"/>
        <source>Door {door} no longer latches: pushed shut, it still reads open.</source>
        <translation>柜门 {door} 锁不上了：推上后仍显示打开。</translation>
    </message>
    <message>
        <location filename="../../gui/lockers/sim_panel.py" line="163"/>
        <source>Door {door} repaired and shut.</source>
        <translation>柜门 {door} 已修好并关上。</translation>
    </message>
    <message>
        <location filename="../../gui/lockers/sim_panel.py" line="174"/>
        <source>Plug the board back in</source>
        <translation>重新插上锁控板</translation>
    </message>
    <message>
        <location filename="../../gui/lockers/sim_panel.py" line="176"/>
        <source>The board is unplugged: opening a door now fails with a lost connection.</source>
        <translation>锁控板已拔下：现在开门会因断线而失败。</translation>
    </message>
    <message>
        <location filename="../../gui/lockers/sim_panel.py" line="184"/>
        <source>The board is plugged back in.</source>
        <translation>锁控板已重新插上。</translation>
    </message>
</context>
<context>
    <name>LockerDiagram</name>
    <message>
        <location filename="../../gui/common/locker_diagram.py" line="57"/>
        <source>free</source>
        <translation>空闲</translation>
    </message>
    <message>
        <location filename="../../gui/common/locker_diagram.py" line="58"/>
        <source>occupied</source>
        <translation>占用</translation>
    </message>
    <message>
        <location filename="../../gui/common/locker_diagram.py" line="59"/>
        <source>open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location filename="../../gui/common/locker_diagram.py" line="60"/>
        <source>out of service</source>
        <translation>停用</translation>
    </message>
    <message>
        <location filename="../../gui/common/locker_diagram.py" line="61"/>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <location filename="../../gui/common/locker_diagram.py" line="226"/>
        <source>{code} · {name}</source>
        <translation>{code} · {name}</translation>
    </message>
    <message>
        <location filename="../../gui/common/locker_diagram.py" line="256"/>
        <source>Site plan</source>
        <translation>小区平面图</translation>
    </message>
    <message>
        <location filename="../../gui/common/locker_diagram.py" line="259"/>
        <source>No locker banks are set up.</source>
        <translation>尚未设置快递柜。</translation>
    </message>
    <message>
        <location filename="../../gui/common/locker_diagram.py" line="277"/>
        <source>{code} ({free} free)</source>
        <translation>{code}（空闲 {free}）</translation>
    </message>
    <message>
        <location filename="../../gui/common/locker_diagram.py" line="312"/>
        <source>Bank {bank} ({name}), slot {no}, size {size}, board {board} lock {lock}: {state}</source>
        <translation>{bank} 柜组（{name}），{no} 号格口，尺寸 {size}，板 {board} 锁 {lock}：{state}</translation>
    </message>
    <message>
        <location filename="../../gui/common/locker_diagram.py" line="317"/>
        <source>Parcel {tracking}</source>
        <translation>包裹 {tracking}</translation>
    </message>
    <message>
        <location filename="../../gui/common/i18n.py" line="161"/>
        <location filename="../../gui/common/locker_diagram.py" line="147"/>
        <source>{slot} (door {door})</source>
        <translation>{slot}（门 {door}）</translation>
    </message>
</context>
<context>
    <name>LockersPage</name>
    <message>
        <location filename="../../gui/lockers/page.py" line="72"/>
        <source>Reconnect</source>
        <translation>重新连接</translation>
    </message>
    <message>
        <location filename="../../gui/lockers/page.py" line="89"/>
        <location filename="../../gui/lockers/page.py" line="384"/>
        <source>Open door</source>
        <translation>开门</translation>
    </message>
    <message>
        <location filename="../../gui/lockers/page.py" line="109"/>
        <source>Locker banks</source>
        <translation>快递柜</translation>
    </message>
    <message>
        <location filename="../../gui/lockers/page.py" line="110"/>
        <source>Boards</source>
        <translation>锁控板</translation>
    </message>
    <message>
        <location filename="../../gui/lockers/page.py" line="119"/>
        <source>Read-only: only an administrator can open doors.</source>
        <translation>只读：只有管理员可以开门。</translation>
    </message>
    <message>
        <location filename="../../gui/lockers/page.py" line="131"/>
        <source>Lockers</source>
        <translation>快递柜</translation>
    </message>
    <message>
        <location filename="../../gui/lockers/page.py" line="135"/>
        <source>closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <location filename="../../gui/lockers/page.py" line="136"/>
        <source>open</source>
        <translation>已打开</translation>
    </message>
    <message>
        <location filename="../../gui/lockers/page.py" line="137"/>
        <source>opened unexpectedly</source>
        <translation>异常打开</translation>
    </message>
    <message>
        <location filename="../../gui/lockers/page.py" line="138"/>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <location filename="../../gui/lockers/page.py" line="143"/>
        <source>Legend:</source>
        <translation>图例：</translation>
    </message>
    <message>
        <location filename="../../gui/lockers/page.py" line="145"/>
        <source>locked and shut</source>
        <translation>已上锁并关好</translation>
    </message>
    <message>
        <location filename="../../gui/lockers/page.py" line="146"/>
        <source>opened by CounterDesk</source>
        <translation>由 CounterDesk 打开</translation>
    </message>
    <message>
        <location filename="../../gui/lockers/page.py" line="147"/>
        <source>forced, or opened while the app was not running</source>
        <translation>被强行打开，或在程序未运行时被打开</translation>
    </message>
    <message>
        <location filename="../../gui/lockers/page.py" line="148"/>
        <source>the board does not answer</source>
        <translation>锁控板无响应</translation>
    </message>
    <message>
        <location filename="../../gui/lockers/page.py" line="215"/>
        <source>Simulator on {port}</source>
        <translation>模拟器：{port}</translation>
    </message>
    <message>
        <location filename="../../gui/lockers/page.py" line="218"/>
        <source>Port {port}</source>
        <translation>端口 {port}</translation>
    </message>
    <message>
        <location filename="../../gui/lockers/page.py" line="228"/>
        <source>Board {board}: waiting for the first reading…</source>
        <translation>{board} 号锁控板：等待首次读数…</translation>
    </message>
    <message>
        <location filename="../../gui/lockers/page.py" line="238"/>
        <source>The lock board could not be opened: {error}</source>
        <translation>无法打开锁控板：{error}</translation>
    </message>
    <message>
        <location filename="../../gui/lockers/page.py" line="243"/>
        <source>Connecting to the lock board…</source>
        <translation>正在连接锁控板…</translation>
    </message>
    <message>
        <location filename="../../gui/lockers/page.py" line="248"/>
        <source>Board {board}: not connected</source>
        <translation>{board} 号锁控板：未连接</translation>
    </message>
    <message>
        <location filename="../../gui/lockers/page.py" line="287"/>
        <location filename="../../gui/lockers/page.py" line="321"/>
        <source>Board {board}: not answering ({why})</source>
        <translation>{board} 号锁控板：无响应（{why}）</translation>
    </message>
    <message>
        <location filename="../../gui/lockers/page.py" line="294"/>
        <source>Board {board}: answering</source>
        <translation>{board} 号锁控板：正常应答</translation>
    </message>
    <message>
        <location filename="../../gui/lockers/page.py" line="303"/>
        <source>The port {port} is unavailable. Check the cable, then press Reconnect.</source>
        <translation>端口 {port} 不可用。请检查线缆，然后点击“重新连接”。</translation>
    </message>
    <message>
        <location filename="../../gui/lockers/page.py" line="329"/>
        <source>port unavailable</source>
        <translation>端口不可用</translation>
    </message>
    <message>
        <location filename="../../gui/lockers/page.py" line="331"/>
        <source>no reply</source>
        <translation>无应答</translation>
    </message>
    <message>
        <location filename="../../gui/lockers/page.py" line="333"/>
        <source>communication error</source>
        <translation>通信错误</translation>
    </message>
    <message>
        <location filename="../../gui/lockers/page.py" line="342"/>
        <source>Board {board} is not configured (Settings → Lock board).</source>
        <translation>锁控板 {board} 未配置（设置 → 锁控板）。</translation>
    </message>
    <message>
        <location filename="../../gui/lockers/page.py" line="358"/>
        <source>Select a door (click it, or use the arrow keys).</source>
        <translation>请选择柜门（点击或使用方向键）。</translation>
    </message>
    <message>
        <location filename="../../gui/lockers/page.py" line="363"/>
        <source>Selected: door {door} ({state})</source>
        <translation>已选择：柜门 {door}（{state}）</translation>
    </message>
    <message>
        <location filename="../../gui/lockers/page.py" line="372"/>
        <source>Only an administrator can open doors.</source>
        <translation>只有管理员可以开门。</translation>
    </message>
    <message>
        <location filename="../../gui/lockers/page.py" line="374"/>
        <source>A door is being opened…</source>
        <translation>正在开门…</translation>
    </message>
    <message>
        <location filename="../../gui/lockers/page.py" line="376"/>
        <source>The lock board is not connected.</source>
        <translation>锁控板未连接。</translation>
    </message>
    <message>
        <location filename="../../gui/lockers/page.py" line="378"/>
        <source>Select a door first.</source>
        <translation>请先选择柜门。</translation>
    </message>
    <message>
        <location filename="../../gui/lockers/page.py" line="380"/>
        <source>Open the selected door (Enter).</source>
        <translation>打开所选柜门（回车）。</translation>
    </message>
    <message>
        <location filename="../../gui/lockers/page.py" line="396"/>
        <source>Open door {door}? It will spring open at once.</source>
        <translation>打开柜门 {door}？柜门会立即弹开。</translation>
    </message>
    <message>
        <location filename="../../gui/lockers/page.py" line="400"/>
        <source>Opening door {door}…</source>
        <translation>正在打开柜门 {door}…</translation>
    </message>
    <message>
        <location filename="../../gui/lockers/page.py" line="419"/>
        <source>Door {door} is open</source>
        <translation>柜门 {door} 已打开</translation>
    </message>
    <message>
        <location filename="../../gui/common/door_texts.py" line="38"/>
        <source>Door {door} did not open, and door {other} opened instead: the wiring of board {board} is wrong. Close door {other} and do not use either locker until it is fixed.</source>
        <translation>柜门 {door} 未打开，反而打开了柜门 {other}：{board} 号锁控板接线错误。请关好柜门 {other}，修复前两个格口都不要使用。</translation>
    </message>
    <message>
        <location filename="../../gui/common/door_texts.py" line="44"/>
        <source>Door {door} did not open: the lock is jammed or the door is blocked. Try once more later, then call staff.</source>
        <translation>柜门 {door} 未打开：锁卡住或柜门被挡住。请稍后再试一次，仍不行请联系工作人员。</translation>
    </message>
    <message>
        <location filename="../../gui/common/door_texts.py" line="50"/>
        <source>Door {door} may be open: board {board} did not confirm it. Check the door before using the locker.</source>
        <translation>柜门 {door} 可能已打开：{board} 号锁控板未确认。使用该格口前请先检查柜门。</translation>
    </message>
    <message>
        <location filename="../../gui/common/door_texts.py" line="55"/>
        <source>Door {door}: the port of the lock board is unavailable, so the door may or may not have opened. Check the door and the cable, then press Reconnect.</source>
        <translation>柜门 {door}：锁控板端口不可用，无法确定柜门是否已打开。请检查柜门和线缆，然后点击“重新连接”。</translation>
    </message>
    <message>
        <location filename="../../gui/common/door_texts.py" line="61"/>
        <source>Door {door}: board {board} does not answer. Check its power, cable and address switch.</source>
        <translation>柜门 {door}：{board} 号锁控板无响应。请检查电源、线缆和地址拨码。</translation>
    </message>
    <message>
        <location filename="../../gui/common/door_texts.py" line="66"/>
        <source>Door {door} was fired moments ago; wait {seconds} s and try again.</source>
        <translation>柜门 {door} 刚刚开过锁；请等待 {seconds} 秒后再试。</translation>
    </message>
    <message>
        <location filename="../../gui/common/door_texts.py" line="70"/>
        <source>Door {door}: the door sensor gives impossible readings (wired the other way round?). Check the door and the sensor setting of board {board}.</source>
        <translation>柜门 {door}：门磁读数异常（是否接反？）。请检查柜门及 {board} 号锁控板的门磁设置。</translation>
    </message>
    <message>
        <location filename="../../gui/common/door_texts.py" line="76"/>
        <source>Door {door} is still open.</source>
        <translation>柜门 {door} 仍未关闭。</translation>
    </message>
    <message>
        <location filename="../../gui/common/door_texts.py" line="78"/>
        <source>a corrupted reply</source>
        <translation>应答校验错误</translation>
    </message>
    <message>
        <location filename="../../gui/common/door_texts.py" line="79"/>
        <source>an incomplete reply</source>
        <translation>应答不完整</translation>
    </message>
    <message>
        <location filename="../../gui/common/door_texts.py" line="80"/>
        <source>an unreadable reply</source>
        <translation>应答无法解析</translation>
    </message>
    <message>
        <location filename="../../gui/common/door_texts.py" line="81"/>
        <source>a reply from another board or lock</source>
        <translation>应答来自其他锁控板或锁</translation>
    </message>
    <message>
        <location filename="../../gui/common/door_texts.py" line="85"/>
        <source>Door {door}: communication error with board {board} ({what}). Check the cable and try again.</source>
        <translation>柜门 {door}：与 {board} 号锁控板通信出错（{what}）。请检查线缆后重试。</translation>
    </message>
    <message>
        <location filename="../../gui/common/door_texts.py" line="91"/>
        <source>Door {door} could not be opened: {error}</source>
        <translation>柜门 {door} 无法打开：{error}</translation>
    </message>
    <message>
        <location filename="../../gui/common/door_texts.py" line="92"/>
        <source>Door {door}: unexpected error: {error}</source>
        <translation>柜门 {door}：意外错误：{error}</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../gui/login_dialog.py" line="46"/>
        <source>CounterDesk — log in</source>
        <translation>CounterDesk — 登录</translation>
    </message>
    <message>
        <location filename="../../gui/login_dialog.py" line="56"/>
        <source>4–8 digits</source>
        <translation>4–8 位数字</translation>
    </message>
    <message>
        <location filename="../../gui/login_dialog.py" line="63"/>
        <source>Operator</source>
        <translation>操作员</translation>
    </message>
    <message>
        <location filename="../../gui/login_dialog.py" line="64"/>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <location filename="../../gui/login_dialog.py" line="66"/>
        <source>Log in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../../gui/login_dialog.py" line="72"/>
        <source>Demo data: PIN 1111 for the cashier, 2222 for the desk, 9999 for the administrator.</source>
        <translation>演示数据：收银员 PIN 1111，前台 2222，管理员 9999。</translation>
    </message>
    <message>
        <location filename="../../gui/login_dialog.py" line="100"/>
        <source>Type your PIN.</source>
        <translation>请输入 PIN。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../gui/main_window.py" line="69"/>
        <source>CounterDesk</source>
        <translation>CounterDesk</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="76"/>
        <source>Opening the database…</source>
        <translation>正在打开数据库…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="109"/>
        <source>&amp;Desk</source>
        <translation>前台(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="110"/>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="113"/>
        <source>&amp;Log out</source>
        <translation>退出登录(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="117"/>
        <source>&amp;Quit</source>
        <translation>退出程序(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="121"/>
        <source>Courier demo: deliver parcels</source>
        <translation>快递演示：派送包裹</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="126"/>
        <source>Lock-board simulator…</source>
        <translation>锁控板模拟器…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="167"/>
        <source>Locker check</source>
        <translation>快递柜检查</translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/main_window.py" line="168"/>
        <source>%n locker door(s) do not match the parcel records. Check them before storing or handing out parcels; nothing was changed.</source>
        <translation>
            <numerusform>有 %n 个柜门与包裹记录不符。请在存件或取件前检查；未做任何更改。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/main_window.py" line="191"/>
        <source>The demo courier announced %n parcel(s); they appear on the Parcels page with the next sync.</source>
        <translation>
            <numerusform>演示快递员预报了 %n 个包裹；下次同步后将显示在包裹页。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="196"/>
        <source>Courier demo</source>
        <translation>快递演示</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="197"/>
        <source>The demo courier could not deliver: {error}</source>
        <translation>演示快递员无法派送：{error}</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="205"/>
        <location filename="../../gui/main_window.py" line="298"/>
        <source>Log in to start.</source>
        <translation>请登录后开始。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="216"/>
        <source>Open Desk → Settings… to choose another database, then restart.</source>
        <translation>请打开 前台 → 设置… 选择其他数据库，然后重新启动。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="235"/>
        <source>Sync: database unavailable</source>
        <translation>同步：数据库不可用</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="259"/>
        <source>No workflow is available for the role {role} yet.</source>
        <translation>角色“{role}”暂无可用功能。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="273"/>
        <source>Log out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="274"/>
        <source>Logging out now stops waiting for the door: a parcel whose door has not closed is not marked stored or picked up and stays where it is, and the door must be closed by hand. Log out anyway?</source>
        <translation>现在退出将停止等待关门：柜门未关的快递不会标记为已入柜或已取件，保持原状，柜门需手动关上。仍要退出吗？</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="278"/>
        <source>Stay and finish</source>
        <translation>留下完成</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="279"/>
        <source>Stop waiting and log out</source>
        <translation>停止等待并退出</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="342"/>
        <source>Scanner</source>
        <translation>扫码枪</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="342"/>
        <source>Serial scanner</source>
        <translation>串口扫码枪</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="343"/>
        <source>Camera</source>
        <translation>摄像头</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="343"/>
        <source>Lockers</source>
        <translation>快递柜</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="344"/>
        <source>Printer</source>
        <translation>打印机</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="344"/>
        <source>Label printer</source>
        <translation>标签打印机</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="360"/>
        <location filename="../../gui/main_window.py" line="377"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="360"/>
        <source>The settings could not be saved: {error}</source>
        <translation>设置无法保存：{error}</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="377"/>
        <source>Saved. Restart CounterDesk for the new database, language or server.</source>
        <translation>已保存。重新启动 CounterDesk 后新的数据库、语言或服务器生效。</translation>
    </message>
</context>
<context>
    <name>NumericKeypad</name>
    <message>
        <location filename="../../gui/kiosk/keypad.py" line="26"/>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <location filename="../../gui/kiosk/keypad.py" line="36"/>
        <source>OK</source>
        <translation>确定</translation>
    </message>
</context>
<context>
    <name>OpenShiftDialog</name>
    <message>
        <location filename="../../gui/cashier/shift_prompt.py" line="39"/>
        <source>Open a shift</source>
        <translation>开班</translation>
    </message>
    <message>
        <location filename="../../gui/cashier/shift_prompt.py" line="41"/>
        <source>cash in the drawer now, e.g. 500.00</source>
        <translation>钱箱当前现金，如 500.00</translation>
    </message>
    <message>
        <location filename="../../gui/cashier/shift_prompt.py" line="43"/>
        <source>optional: how the float is made up</source>
        <translation>可选：备用金的构成</translation>
    </message>
    <message>
        <location filename="../../gui/cashier/shift_prompt.py" line="49"/>
        <source>Open shift</source>
        <translation>开班</translation>
    </message>
    <message>
        <location filename="../../gui/cashier/shift_prompt.py" line="53"/>
        <source>Opening float</source>
        <translation>开班备用金</translation>
    </message>
    <message>
        <location filename="../../gui/cashier/shift_prompt.py" line="54"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../gui/cashier/shift_prompt.py" line="61"/>
        <source>Type the opening float: the cash counted in the drawer (0 if none).</source>
        <translation>请输入开班备用金：钱箱中清点的现金（没有则填 0）。</translation>
    </message>
</context>
<context>
    <name>OperatorDialog</name>
    <message>
        <location filename="../../gui/staff/page.py" line="73"/>
        <source>New operator</source>
        <translation>新建操作员</translation>
    </message>
    <message>
        <location filename="../../gui/staff/page.py" line="86"/>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <location filename="../../gui/staff/page.py" line="88"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../gui/staff/page.py" line="91"/>
        <source>Login</source>
        <translation>登录名</translation>
    </message>
    <message>
        <location filename="../../gui/staff/page.py" line="92"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../gui/staff/page.py" line="93"/>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../gui/staff/page.py" line="94"/>
        <source>PIN (4-8 digits)</source>
        <translation>PIN 码（4-8 位数字）</translation>
    </message>
</context>
<context>
    <name>OperatorTableModel</name>
    <message>
        <location filename="../../gui/staff/page.py" line="54"/>
        <source>Login</source>
        <translation>登录名</translation>
    </message>
    <message>
        <location filename="../../gui/staff/page.py" line="54"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../gui/staff/page.py" line="54"/>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../gui/staff/page.py" line="54"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../gui/staff/page.py" line="61"/>
        <source>Active</source>
        <translation>在用</translation>
    </message>
    <message>
        <location filename="../../gui/staff/page.py" line="61"/>
        <source>Withdrawn</source>
        <translation>已停用</translation>
    </message>
    <message>
        <location filename="../../gui/staff/page.py" line="63"/>
        <source>Locked until {time}</source>
        <translation>锁定至 {time}</translation>
    </message>
</context>
<context>
    <name>Operators</name>
    <message>
        <location filename="../../gui/staff/page.py" line="38"/>
        <source>Login</source>
        <translation>登录名</translation>
    </message>
    <message>
        <location filename="../../gui/staff/page.py" line="38"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../gui/staff/page.py" line="38"/>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../gui/staff/page.py" line="38"/>
        <source>PIN</source>
        <translation>PIN 码</translation>
    </message>
    <message>
        <location filename="../../gui/staff/page.py" line="39"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../gui/staff/page.py" line="41"/>
        <source>required</source>
        <translation>必填</translation>
    </message>
    <message>
        <location filename="../../gui/staff/page.py" line="42"/>
        <source>longer than {maximum} characters</source>
        <translation>超过 {maximum} 个字符</translation>
    </message>
    <message>
        <location filename="../../gui/staff/page.py" line="43"/>
        <source>use letters, digits, . _ or - only</source>
        <translation>只能用字母、数字、. _ 或 -</translation>
    </message>
    <message>
        <location filename="../../gui/staff/page.py" line="44"/>
        <source>the login {value} is taken</source>
        <translation>登录名 {value} 已被使用</translation>
    </message>
    <message>
        <location filename="../../gui/staff/page.py" line="45"/>
        <source>unknown role {value}</source>
        <translation>未知角色 {value}</translation>
    </message>
    <message>
        <location filename="../../gui/staff/page.py" line="46"/>
        <source>4 to 8 digits</source>
        <translation>4 到 8 位数字</translation>
    </message>
    <message>
        <location filename="../../gui/staff/page.py" line="47"/>
        <source>the last active administrator must stay one</source>
        <translation>最后一位在用的管理员必须保留</translation>
    </message>
</context>
<context>
    <name>OperatorsPage</name>
    <message>
        <location filename="../../gui/staff/page.py" line="112"/>
        <source>New operator…</source>
        <translation>新建操作员…</translation>
    </message>
    <message>
        <location filename="../../gui/staff/page.py" line="117"/>
        <source>Set role</source>
        <translation>设置角色</translation>
    </message>
    <message>
        <location filename="../../gui/staff/page.py" line="119"/>
        <source>Reset PIN…</source>
        <translation>重置 PIN 码…</translation>
    </message>
    <message>
        <location filename="../../gui/staff/page.py" line="121"/>
        <location filename="../../gui/staff/page.py" line="165"/>
        <source>Withdraw</source>
        <translation>停用</translation>
    </message>
    <message>
        <location filename="../../gui/staff/page.py" line="138"/>
        <source>Operators</source>
        <translation>操作员</translation>
    </message>
    <message>
        <location filename="../../gui/staff/page.py" line="165"/>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <location filename="../../gui/staff/page.py" line="183"/>
        <source>Added {name} ({login}).</source>
        <translation>已添加 {name}（{login}）。</translation>
    </message>
    <message>
        <location filename="../../gui/staff/page.py" line="208"/>
        <source>active</source>
        <translation>在用</translation>
    </message>
    <message>
        <location filename="../../gui/staff/page.py" line="208"/>
        <source>withdrawn: cannot log in</source>
        <translation>已停用：不能登录</translation>
    </message>
    <message>
        <location filename="../../gui/staff/page.py" line="209"/>
        <source>{name}: {role}, {status}.</source>
        <translation>{name}：{role}，{status}。</translation>
    </message>
    <message>
        <location filename="../../gui/staff/page.py" line="214"/>
        <source>Reset PIN</source>
        <translation>重置 PIN 码</translation>
    </message>
    <message>
        <location filename="../../gui/staff/page.py" line="214"/>
        <source>New PIN for {name} (4-8 digits)</source>
        <translation>{name} 的新 PIN 码（4-8 位数字）</translation>
    </message>
    <message>
        <location filename="../../gui/staff/page.py" line="228"/>
        <source>New PIN set for {name}; any lockout is lifted.</source>
        <translation>已为 {name} 设置新 PIN 码，锁定已解除。</translation>
    </message>
</context>
<context>
    <name>OrderTableModel</name>
    <message>
        <location filename="../../gui/orders/page.py" line="55"/>
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <location filename="../../gui/orders/page.py" line="55"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../gui/orders/page.py" line="55"/>
        <source>Items</source>
        <translation>件数</translation>
    </message>
    <message>
        <location filename="../../gui/orders/page.py" line="55"/>
        <source>Discount</source>
        <translation>优惠</translation>
    </message>
    <message>
        <location filename="../../gui/orders/page.py" line="55"/>
        <source>Total</source>
        <translation>小计</translation>
    </message>
    <message>
        <location filename="../../gui/orders/page.py" line="56"/>
        <source>Payment</source>
        <translation>支付方式</translation>
    </message>
    <message>
        <location filename="../../gui/orders/page.py" line="56"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../gui/orders/page.py" line="64"/>
        <source>paid</source>
        <translation>已付款</translation>
    </message>
    <message>
        <location filename="../../gui/orders/page.py" line="64"/>
        <source>refunded</source>
        <translation>已退款</translation>
    </message>
    <message>
        <location filename="../../gui/orders/page.py" line="65"/>
        <source>cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <location filename="../../gui/orders/page.py" line="65"/>
        <source>card</source>
        <translation>银行卡</translation>
    </message>
    <message>
        <location filename="../../gui/orders/page.py" line="65"/>
        <source>QR</source>
        <translation>扫码</translation>
    </message>
</context>
<context>
    <name>OrdersPage</name>
    <message>
        <location filename="../../gui/orders/page.py" line="77"/>
        <source>Order number, member card or product code</source>
        <translation>订单号、会员卡号或商品条码</translation>
    </message>
    <message>
        <location filename="../../gui/orders/page.py" line="89"/>
        <source>Refund the selected order</source>
        <translation>为所选订单退款</translation>
    </message>
    <message>
        <location filename="../../gui/orders/page.py" line="91"/>
        <source>Reprint</source>
        <translation>重打小票</translation>
    </message>
    <message>
        <location filename="../../gui/orders/page.py" line="92"/>
        <source>Print the selected order&apos;s receipt again (marked as a copy)</source>
        <translation>重新打印所选订单的小票（标记为副本）</translation>
    </message>
    <message>
        <location filename="../../gui/orders/page.py" line="95"/>
        <source>Refund lines…</source>
        <translation>按行退款…</translation>
    </message>
    <message>
        <location filename="../../gui/orders/page.py" line="121"/>
        <source>Orders</source>
        <translation>订单</translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/orders/page.py" line="141"/>
        <source>%n order(s), {total} paid</source>
        <translation>
            <numerusform>%n 笔订单，实收 {total}</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../gui/orders/page.py" line="154"/>
        <source>Refund</source>
        <translation>退款</translation>
    </message>
    <message>
        <location filename="../../gui/orders/page.py" line="155"/>
        <source>Refund order {number} ({total})? Its coupons go back to the member.</source>
        <translation>为订单 {number}（{total}）退款？所用优惠券将退还给会员。</translation>
    </message>
    <message>
        <location filename="../../gui/orders/page.py" line="173"/>
        <source>Order {number} refunded; {n} coupons returned to the member.</source>
        <translation>订单 {number} 已退款；已向会员退还 {n} 张优惠券。</translation>
    </message>
    <message>
        <location filename="../../gui/orders/page.py" line="190"/>
        <source>Select an order to reprint.</source>
        <translation>请选择要重打的订单。</translation>
    </message>
    <message>
        <location filename="../../gui/orders/page.py" line="193"/>
        <source>No receipt printer is set: choose one in Desk → Settings → Printer.</source>
        <translation>未设置小票打印机：请在 前台 → 设置 → 打印机 中选择。</translation>
    </message>
    <message>
        <location filename="../../gui/orders/page.py" line="211"/>
        <source>The receipt printer is not ready to take jobs yet; try again in a moment.</source>
        <translation>小票打印机暂时无法接收任务，请稍后再试。</translation>
    </message>
    <message>
        <location filename="../../gui/orders/page.py" line="213"/>
        <source>Receipt of order {number} sent to the printer.</source>
        <translation>订单 {number} 的小票已发送到打印机。</translation>
    </message>
</context>
<context>
    <name>ParcelFlows</name>
    <message>
        <location filename="../../gui/parcels/door_flow.py" line="18"/>
        <source>The lock board is not connected, so no door can be opened. Check it on the Lockers page.</source>
        <translation>锁控板未连接，无法打开柜门。请在快递柜页检查。</translation>
    </message>
    <message>
        <location filename="../../gui/common/messages.py" line="26"/>
        <source>The lock board reported a problem: {error}</source>
        <translation>锁控板报告问题：{error}</translation>
    </message>
    <message>
        <location filename="../../gui/common/messages.py" line="27"/>
        <source>Unexpected error: {error}</source>
        <translation>意外错误：{error}</translation>
    </message>
</context>
<context>
    <name>ParcelHistoryDialog</name>
    <message>
        <location filename="../../gui/parcels/history_dialog.py" line="30"/>
        <source>Loading…</source>
        <translation>加载中…</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/history_dialog.py" line="54"/>
        <source>{n} parcel(s). Select one to see its history.</source>
        <translation>{n} 个包裹。选择一个查看其历史。</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/history_dialog.py" line="55"/>
        <source>No parcels.</source>
        <translation>没有包裹。</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/history_dialog.py" line="68"/>
        <source>Parcels of {name}, {unit}</source>
        <translation>{name}（{unit}）的快递</translation>
    </message>
</context>
<context>
    <name>ParcelList</name>
    <message>
        <location filename="../../gui/parcels/list_panels.py" line="64"/>
        <source>{n} parcel(s).</source>
        <translation>{n} 个包裹。</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/list_panels.py" line="64"/>
        <source>None.</source>
        <translation>无。</translation>
    </message>
</context>
<context>
    <name>ParcelTableModel</name>
    <message>
        <location filename="../../gui/parcels/parcel_table.py" line="69"/>
        <source>Tracking no.</source>
        <translation>运单号</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/parcel_table.py" line="69"/>
        <source>Courier</source>
        <translation>快递公司</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/parcel_table.py" line="69"/>
        <source>Recipient</source>
        <translation>收件人</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/parcel_table.py" line="69"/>
        <source>Unit</source>
        <translation>房号</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/parcel_table.py" line="70"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/parcel_table.py" line="70"/>
        <source>Size</source>
        <translation>尺寸</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/parcel_table.py" line="70"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/parcel_table.py" line="70"/>
        <source>Locker</source>
        <translation>格口</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/parcel_table.py" line="70"/>
        <source>Waiting</source>
        <translation>已等待</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/parcel_table.py" line="88"/>
        <source>Announced {announced}, stored {stored}, picked up {picked}</source>
        <translation>预报 {announced}，入柜 {stored}，取件 {picked}</translation>
    </message>
</context>
<context>
    <name>Parcels</name>
    <message>
        <location filename="../../gui/parcels/parcel_table.py" line="19"/>
        <source>announced</source>
        <translation>已预报</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/parcel_table.py" line="20"/>
        <source>stored</source>
        <translation>已入柜</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/parcel_table.py" line="21"/>
        <source>reminded</source>
        <translation>已提醒</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/parcel_table.py" line="22"/>
        <source>overdue</source>
        <translation>逾期</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/parcel_table.py" line="23"/>
        <source>recall requested</source>
        <translation>已请求召回</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/parcel_table.py" line="24"/>
        <source>returned to courier</source>
        <translation>已退回快递员</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/parcel_table.py" line="25"/>
        <source>picked up</source>
        <translation>已取件</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/parcel_table.py" line="35"/>
        <source>recipient unknown</source>
        <translation>收件人未知</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/parcel_table.py" line="37"/>
        <source>recipient ambiguous</source>
        <translation>收件人不唯一</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/parcel_table.py" line="44"/>
        <source>courier delivers to the door</source>
        <translation>快递员送货上门</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/parcel_table.py" line="45"/>
        <source>courier: {instruction}</source>
        <translation>快递员：{instruction}</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/parcel_table.py" line="55"/>
        <source>{m} min</source>
        <translation>{m} 分钟</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/parcel_table.py" line="57"/>
        <source>{h} h</source>
        <translation>{h} 小时</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/parcel_table.py" line="58"/>
        <source>{d} d {h} h</source>
        <translation>{d} 天 {h} 小时</translation>
    </message>
</context>
<context>
    <name>ParcelsPage</name>
    <message>
        <location filename="../../gui/parcels/page.py" line="35"/>
        <source>Intake</source>
        <translation>入库</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/page.py" line="36"/>
        <source>Pickup</source>
        <translation>取件</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/page.py" line="37"/>
        <source>Find</source>
        <translation>查找</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/page.py" line="38"/>
        <source>Needs attention</source>
        <translation>待处理</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/page.py" line="39"/>
        <source>Recall</source>
        <translation>召回</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/page.py" line="40"/>
        <source>Daily report</source>
        <translation>日报</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/page.py" line="65"/>
        <source>Parcels</source>
        <translation>包裹</translation>
    </message>
</context>
<context>
    <name>PayForDialog</name>
    <message>
        <location filename="../../gui/cashier/payfor_dialog.py" line="27"/>
        <source>Paid by someone else</source>
        <translation>他人代付</translation>
    </message>
    <message>
        <location filename="../../gui/cashier/payfor_dialog.py" line="29"/>
        <source>Recipient&apos;s phone number</source>
        <translation>收货人手机号</translation>
    </message>
    <message>
        <location filename="../../gui/cashier/payfor_dialog.py" line="34"/>
        <source>Payer&apos;s member card or phone number</source>
        <translation>付款人会员卡或手机号</translation>
    </message>
    <message>
        <location filename="../../gui/cashier/payfor_dialog.py" line="40"/>
        <source>Recipient</source>
        <translation>收货人</translation>
    </message>
    <message>
        <location filename="../../gui/cashier/payfor_dialog.py" line="41"/>
        <source>Payer</source>
        <translation>付款人</translation>
    </message>
    <message>
        <location filename="../../gui/cashier/payfor_dialog.py" line="42"/>
        <source>Delivery address</source>
        <translation>收货地址</translation>
    </message>
    <message>
        <location filename="../../gui/cashier/payfor_dialog.py" line="45"/>
        <source>Send to the payer ({total})</source>
        <translation>发送给付款人（{total}）</translation>
    </message>
    <message>
        <location filename="../../gui/cashier/payfor_dialog.py" line="78"/>
        <source>The recipient has no contact: enter their phone number.</source>
        <translation>收货人没有任何联系方式：请输入其手机号。</translation>
    </message>
    <message>
        <location filename="../../gui/cashier/payfor_dialog.py" line="79"/>
        <source>That is not a mobile phone number (11 digits starting with 1).</source>
        <translation>这不是手机号（以 1 开头的 11 位数字）。</translation>
    </message>
    <message>
        <location filename="../../gui/cashier/payfor_dialog.py" line="80"/>
        <source>Enter the payer&apos;s member card or phone number.</source>
        <translation>请输入付款人的会员卡或手机号。</translation>
    </message>
    <message>
        <location filename="../../gui/cashier/payfor_dialog.py" line="81"/>
        <source>The payer must be someone other than the recipient.</source>
        <translation>付款人不能是收货人本人。</translation>
    </message>
    <message>
        <location filename="../../gui/cashier/payfor_dialog.py" line="82"/>
        <source>The basket is empty.</source>
        <translation>购物篮是空的。</translation>
    </message>
</context>
<context>
    <name>PayForPanel</name>
    <message>
        <location filename="../../gui/orders/payfor_panel.py" line="66"/>
        <source>Awaiting a payer</source>
        <translation>等待付款人付款</translation>
    </message>
    <message>
        <location filename="../../gui/orders/payfor_panel.py" line="67"/>
        <source>Paid for another</source>
        <translation>已代付订单</translation>
    </message>
    <message>
        <location filename="../../gui/orders/payfor_panel.py" line="76"/>
        <source>Send the payment request again</source>
        <translation>重新发送付款请求</translation>
    </message>
    <message>
        <location filename="../../gui/orders/payfor_panel.py" line="77"/>
        <source>Cancel the order</source>
        <translation>取消订单</translation>
    </message>
    <message>
        <location filename="../../gui/orders/payfor_panel.py" line="83"/>
        <source>Paid by someone else:</source>
        <translation>他人代付：</translation>
    </message>
    <message>
        <location filename="../../gui/orders/payfor_panel.py" line="111"/>
        <source>{n} orders received by this member</source>
        <translation>该会员收到的订单 {n} 笔</translation>
    </message>
    <message>
        <location filename="../../gui/orders/payfor_panel.py" line="123"/>
        <source>A new payment request for {number} is on its way.</source>
        <translation>订单 {number} 的付款请求已重新发送。</translation>
    </message>
    <message>
        <location filename="../../gui/orders/payfor_panel.py" line="124"/>
        <source>Order {number} is being cancelled.</source>
        <translation>订单 {number} 正在取消。</translation>
    </message>
    <message>
        <location filename="../../gui/orders/payfor_panel.py" line="133"/>
        <source>This order no longer waits for a payer.</source>
        <translation>该订单已不在等待付款。</translation>
    </message>
    <message>
        <location filename="../../gui/orders/payfor_panel.py" line="135"/>
        <source>This order cannot be changed: {code}</source>
        <translation>该订单无法更改：{code}</translation>
    </message>
</context>
<context>
    <name>PayForTableModel</name>
    <message>
        <location filename="../../gui/orders/payfor_panel.py" line="47"/>
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <location filename="../../gui/orders/payfor_panel.py" line="47"/>
        <source>Recipient</source>
        <translation>收货人</translation>
    </message>
    <message>
        <location filename="../../gui/orders/payfor_panel.py" line="47"/>
        <source>Payer</source>
        <translation>付款人</translation>
    </message>
    <message>
        <location filename="../../gui/orders/payfor_panel.py" line="47"/>
        <source>Total</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../gui/orders/payfor_panel.py" line="48"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../gui/orders/payfor_panel.py" line="48"/>
        <source>Delivery</source>
        <translation>配送</translation>
    </message>
    <message>
        <location filename="../../gui/orders/payfor_panel.py" line="55"/>
        <source>sending</source>
        <translation>发送中</translation>
    </message>
    <message>
        <location filename="../../gui/orders/payfor_panel.py" line="55"/>
        <source>awaiting payer</source>
        <translation>等待付款</translation>
    </message>
    <message>
        <location filename="../../gui/orders/payfor_panel.py" line="55"/>
        <source>paid</source>
        <translation>已付款</translation>
    </message>
    <message>
        <location filename="../../gui/orders/payfor_panel.py" line="56"/>
        <source>closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <location filename="../../gui/orders/payfor_panel.py" line="56"/>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
</context>
<context>
    <name>PickupCheckPage</name>
    <message>
        <location filename="../../gui/faces/pickup_check.py" line="63"/>
        <source>● The camera is analysing faces here. No picture is stored.</source>
        <translation>● 此处摄像头正在进行人脸分析。不保存任何图像。</translation>
    </message>
    <message>
        <location filename="../../gui/faces/pickup_check.py" line="85"/>
        <source>Pickup code</source>
        <translation>取件码</translation>
    </message>
    <message>
        <location filename="../../gui/faces/pickup_check.py" line="88"/>
        <location filename="../../gui/faces/pickup_check.py" line="447"/>
        <source>Release parcels</source>
        <translation>发放包裹</translation>
    </message>
    <message>
        <location filename="../../gui/faces/pickup_check.py" line="92"/>
        <source>Next person</source>
        <translation>下一位</translation>
    </message>
    <message>
        <location filename="../../gui/faces/pickup_check.py" line="133"/>
        <source>Pickup check</source>
        <translation>刷脸取件</translation>
    </message>
    <message>
        <location filename="../../gui/faces/pickup_check.py" line="157"/>
        <source>Loading the face models…</source>
        <translation>正在加载人脸模型…</translation>
    </message>
    <message>
        <location filename="../../gui/faces/pickup_check.py" line="165"/>
        <source>No camera for faces: the Camera tab plays the demo&apos;s product barcodes, which show no faces. Choose a webcam or a video for faces in Settings → Faces, or enrol demo residents from photos with “uv run main.py demo-faces FOLDER”. Until then, residents collect parcels with their pickup code on the Parcels page.</source>
        <translation>没有用于人脸的摄像头：“摄像头”设置播放的是演示用的商品条码，画面里没有人脸。请在 设置 → 人脸 中选择摄像头或视频，或用“uv run main.py demo-faces 文件夹”从照片登记演示住户。在此之前，住户可在“包裹”页凭取件码取件。</translation>
    </message>
    <message>
        <location filename="../../gui/faces/pickup_check.py" line="170"/>
        <source>No camera for faces is set. Choose a webcam or a video in Settings → Faces. Until then, residents collect parcels with their pickup code on the Parcels page.</source>
        <translation>尚未设置人脸摄像头。请在 设置 → 人脸 中选择摄像头或视频。在此之前，住户可在“包裹”页凭取件码取件。</translation>
    </message>
    <message>
        <location filename="../../gui/faces/pickup_check.py" line="193"/>
        <source>Starting the camera…</source>
        <translation>正在打开摄像头…</translation>
    </message>
    <message>
        <location filename="../../gui/faces/pickup_check.py" line="203"/>
        <source>The camera did not open: {error}. Check it in Settings → Faces; meanwhile use pickup codes.</source>
        <translation>摄像头没有打开：{error}。请在 设置 → 人脸 中检查；在此期间请使用取件码。</translation>
    </message>
    <message>
        <location filename="../../gui/faces/pickup_check.py" line="218"/>
        <location filename="../../gui/faces/pickup_check.py" line="269"/>
        <location filename="../../gui/faces/pickup_check.py" line="274"/>
        <location filename="../../gui/faces/pickup_check.py" line="437"/>
        <source>Step in front of the camera.</source>
        <translation>请站到摄像头前。</translation>
    </message>
    <message>
        <location filename="../../gui/faces/pickup_check.py" line="223"/>
        <source>Face recognition is not available on this desk ({detail}). Use pickup codes.</source>
        <translation>本前台无法使用人脸识别（{detail}）。请使用取件码。</translation>
    </message>
    <message>
        <location filename="../../gui/faces/pickup_check.py" line="251"/>
        <source>Checking against the {n} residents with parcels waiting.</source>
        <translation>正在与 {n} 位有待取包裹的住户比对。</translation>
    </message>
    <message>
        <location filename="../../gui/faces/pickup_check.py" line="252"/>
        <source>No parcels are waiting: checking against every enrolled resident.</source>
        <translation>没有待取包裹：正在与所有已录入住户比对。</translation>
    </message>
    <message>
        <location filename="../../gui/faces/pickup_check.py" line="270"/>
        <source>Come closer to the camera.</source>
        <translation>请靠近摄像头。</translation>
    </message>
    <message>
        <location filename="../../gui/faces/pickup_check.py" line="271"/>
        <source>One person at a time, please.</source>
        <translation>请一次一人。</translation>
    </message>
    <message>
        <location filename="../../gui/faces/pickup_check.py" line="276"/>
        <source>Checking…</source>
        <translation>识别中…</translation>
    </message>
    <message>
        <location filename="../../gui/faces/pickup_check.py" line="287"/>
        <source>Recognised.</source>
        <translation>已识别。</translation>
    </message>
    <message>
        <location filename="../../gui/faces/pickup_check.py" line="292"/>
        <source>Looks like more than one resident. Staff: check their ID, or use the pickup code.</source>
        <translation>与多位住户相似。员工：请核验证件，或使用取件码。</translation>
    </message>
    <message>
        <location filename="../../gui/faces/pickup_check.py" line="294"/>
        <source>Not recognised in time — please use your pickup code.</source>
        <translation>未能及时识别——请使用取件码。</translation>
    </message>
    <message>
        <location filename="../../gui/faces/pickup_check.py" line="296"/>
        <source>Not recognised — please use your pickup code.</source>
        <translation>未识别——请使用取件码。</translation>
    </message>
    <message>
        <location filename="../../gui/faces/pickup_check.py" line="306"/>
        <source>{name} · {unit}</source>
        <translation>{name} · {unit}</translation>
    </message>
    <message>
        <location filename="../../gui/faces/pickup_check.py" line="311"/>
        <source>{courier} …{tail} · door {door} · {size}</source>
        <translation>{courier} …{tail} · 柜门 {door} · {size}</translation>
    </message>
    <message>
        <location filename="../../gui/faces/pickup_check.py" line="314"/>
        <source>Recognised: no parcels are waiting.</source>
        <translation>已识别：没有待取包裹。</translation>
    </message>
    <message>
        <location filename="../../gui/faces/pickup_check.py" line="318"/>
        <source>Recognised: {n} parcels waiting.</source>
        <translation>已识别：{n} 个包裹待取。</translation>
    </message>
    <message>
        <location filename="../../gui/faces/pickup_check.py" line="324"/>
        <source>Liveness check: please look at the camera and blink.</source>
        <translation>活体检测：请看向摄像头并眨眼。</translation>
    </message>
    <message>
        <location filename="../../gui/faces/pickup_check.py" line="325"/>
        <source>Liveness check: follow the prompts.</source>
        <translation>活体检测：请按提示操作。</translation>
    </message>
    <message>
        <location filename="../../gui/faces/pickup_check.py" line="332"/>
        <source>A reminder of the waiting parcels was sent to the resident.</source>
        <translation>已向住户发送待取包裹提醒。</translation>
    </message>
    <message>
        <location filename="../../gui/faces/pickup_check.py" line="338"/>
        <source>Liveness check passed.</source>
        <translation>活体检测通过。</translation>
    </message>
    <message>
        <location filename="../../gui/faces/pickup_check.py" line="342"/>
        <source>The liveness check timed out. Use the pickup code, or press Next person to try again.</source>
        <translation>活体检测超时。请使用取件码，或按「下一位」重试。</translation>
    </message>
    <message>
        <location filename="../../gui/faces/pickup_check.py" line="345"/>
        <source>Please look at the camera and blink.</source>
        <translation>请看向摄像头并眨眼。</translation>
    </message>
    <message>
        <location filename="../../gui/faces/pickup_check.py" line="347"/>
        <source>Please turn your head towards the left of the screen.</source>
        <translation>请将头转向屏幕左侧。</translation>
    </message>
    <message>
        <location filename="../../gui/faces/pickup_check.py" line="349"/>
        <source>Please turn your head towards the right of the screen.</source>
        <translation>请将头转向屏幕右侧。</translation>
    </message>
    <message>
        <location filename="../../gui/faces/pickup_check.py" line="364"/>
        <source>Now type your pickup code.</source>
        <translation>请输入取件码。</translation>
    </message>
    <message>
        <location filename="../../gui/faces/pickup_check.py" line="366"/>
        <source>Staff: it is {name} — release</source>
        <translation>员工：确认是 {name} — 发放</translation>
    </message>
    <message>
        <location filename="../../gui/faces/pickup_check.py" line="406"/>
        <source>That pickup code is not for the recognised resident. Nothing was opened.</source>
        <translation>该取件码不属于已识别的住户。未打开任何柜门。</translation>
    </message>
    <message>
        <location filename="../../gui/faces/pickup_check.py" line="411"/>
        <source>Opening {n} doors…</source>
        <translation>正在打开 {n} 个柜门…</translation>
    </message>
    <message>
        <location filename="../../gui/faces/pickup_check.py" line="417"/>
        <source>{n} parcels handed out.</source>
        <translation>已发放 {n} 个包裹。</translation>
    </message>
    <message>
        <location filename="../../gui/faces/pickup_check.py" line="419"/>
        <source>{n} stay in their lockers (see the Parcels page).</source>
        <translation>{n} 个仍在柜中（见包裹页）。</translation>
    </message>
</context>
<context>
    <name>PickupFlow</name>
    <message>
        <location filename="../../gui/parcels/pickup_flow.py" line="54"/>
        <source>open: take the parcel and close the door</source>
        <translation>已打开：取出包裹并关门</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/pickup_flow.py" line="56"/>
        <source>picked up</source>
        <translation>已取件</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/pickup_flow.py" line="58"/>
        <source>waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/pickup_flow.py" line="61"/>
        <source>did not open: the lock is jammed</source>
        <translation>未打开：锁卡住</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/pickup_flow.py" line="62"/>
        <source>did not open: the board does not answer</source>
        <translation>未打开：锁控板无应答</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/pickup_flow.py" line="63"/>
        <source>the door was not closed in time</source>
        <translation>柜门未及时关闭</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/pickup_flow.py" line="64"/>
        <source>no longer waiting in this locker</source>
        <translation>已不在此格口</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/pickup_flow.py" line="66"/>
        <source>failed: the parcel stays in its slot</source>
        <translation>失败：包裹仍在格口中</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/pickup_flow.py" line="103"/>
        <source>This resident has no parcel waiting.</source>
        <translation>该住户没有待取包裹。</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/pickup_flow.py" line="115"/>
        <source>None of these parcels is waiting in a locker.</source>
        <translation>这些包裹都不在柜中待取。</translation>
    </message>
</context>
<context>
    <name>PickupPanel</name>
    <message>
        <location filename="../../gui/parcels/pickup_panel.py" line="56"/>
        <source>Pickup code (digits)</source>
        <translation>取件码（数字）</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/pickup_panel.py" line="59"/>
        <source>Find</source>
        <translation>查找</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/pickup_panel.py" line="62"/>
        <source>By pickup code (typed, or scanned from the resident&apos;s phone)</source>
        <translation>凭取件码（输入，或扫描住户手机上的码）</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/pickup_panel.py" line="68"/>
        <source>I checked the resident&apos;s ID</source>
        <translation>已核验住户证件</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/pickup_panel.py" line="70"/>
        <source>Show their parcels</source>
        <translation>显示其包裹</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/pickup_panel.py" line="73"/>
        <source>By staff search (no code)</source>
        <translation>员工查找（无取件码）</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/pickup_panel.py" line="85"/>
        <source>Open doors</source>
        <translation>开门</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/pickup_panel.py" line="88"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/pickup_panel.py" line="90"/>
        <source>Stop waiting for the open doors: their parcels stay in their slots.</source>
        <translation>停止等待已开的柜门：快递留在格口中。</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/pickup_panel.py" line="100"/>
        <source>Waiting parcels</source>
        <translation>待取包裹</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/pickup_panel.py" line="131"/>
        <source>Type the pickup code: digits only.</source>
        <translation>请输入取件码：仅限数字。</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/pickup_panel.py" line="145"/>
        <source>Find the resident first: search and select a row.</source>
        <translation>请先查找住户：搜索并选中一行。</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/pickup_panel.py" line="148"/>
        <source>Check the resident&apos;s ID and tick “I checked the resident&apos;s ID” first.</source>
        <translation>请先核验住户证件并勾选「已核验住户证件」。</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/pickup_panel.py" line="164"/>
        <source>{n} parcel(s) waiting. Press Open doors.</source>
        <translation>{n} 个包裹待取。请按「开门」。</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/pickup_panel.py" line="167"/>
        <source>No parcel is waiting for this resident.</source>
        <translation>该住户没有待取包裹。</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/pickup_panel.py" line="187"/>
        <source>Check the resident&apos;s ID first.</source>
        <translation>请先核验住户证件。</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/pickup_panel.py" line="192"/>
        <source>{door} {tracking}: waiting</source>
        <translation>{door} {tracking}：等待中</translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/parcels/pickup_panel.py" line="197"/>
        <source>Opening %n door(s)… The resident takes the parcels and closes the doors; Cancel stops waiting.</source>
        <translation>
            <numerusform>正在打开 %n 个柜门… 住户取走快递并关门；按“取消”停止等待。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../gui/parcels/pickup_panel.py" line="207"/>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/parcels/pickup_panel.py" line="214"/>
        <source>A pickup is in progress: %n door(s) may stand open.</source>
        <translation>
            <numerusform>取件进行中：%n 个柜门可能开着。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/parcels/pickup_panel.py" line="229"/>
        <source>All %n parcel(s) picked up.</source>
        <translation>
            <numerusform>%n 件快递已全部取走。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/parcels/pickup_panel.py" line="231"/>
        <source>Cancelled: %n parcel(s) were not marked picked up and stay waiting in their slots. Close any door left open; the resident can collect them later with the same code.</source>
        <translation>
            <numerusform>已取消：%n 件快递未标记为已取件，仍在格口中等待。请关上开着的柜门；住户之后可用同一取件码取件。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../gui/parcels/pickup_panel.py" line="240"/>
        <source>Nobody closed the door in time, so those parcels were not marked picked up: check the locker, close the door, and open it again here if the parcel is still inside.</source>
        <translation>柜门未在时限内关上，这些快递未标记为已取件：请检查柜子并关门，如快递仍在柜内，可在此重新开门。</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/pickup_panel.py" line="236"/>
        <source>{door} ({why})</source>
        <translation>{door}（{why}）</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/pickup_panel.py" line="238"/>
        <source>{n} of {m} parcel(s) picked up. Still in their slot: {doors}.</source>
        <translation>已取走 {n}/{m} 个包裹。仍在格口中：{doors}。</translation>
    </message>
</context>
<context>
    <name>PrintHub</name>
    <message>
        <location filename="../../gui/print_hub.py" line="38"/>
        <source>the printer setting is not a printer address</source>
        <translation>打印机设置不是有效的打印机地址</translation>
    </message>
    <message>
        <location filename="../../gui/print_hub.py" line="39"/>
        <source>printer not found (unplugged, switched off or wrong address)</source>
        <translation>找不到打印机（未连接、已关机或地址错误）</translation>
    </message>
    <message>
        <location filename="../../gui/print_hub.py" line="40"/>
        <source>printer not answering (switched off or loose cable)</source>
        <translation>打印机无响应（已关机或线缆松动）</translation>
    </message>
    <message>
        <location filename="../../gui/print_hub.py" line="41"/>
        <source>printer offline (cover open or error)</source>
        <translation>打印机离线（纸仓盖打开或故障）</translation>
    </message>
    <message>
        <location filename="../../gui/print_hub.py" line="42"/>
        <location filename="../../gui/print_hub.py" line="186"/>
        <source>paper out</source>
        <translation>缺纸</translation>
    </message>
    <message>
        <location filename="../../gui/print_hub.py" line="43"/>
        <source>printer disconnected while printing</source>
        <translation>打印中途打印机断开</translation>
    </message>
    <message>
        <location filename="../../gui/print_hub.py" line="44"/>
        <source>printer not supported on this computer</source>
        <translation>本机不支持该打印机</translation>
    </message>
    <message>
        <location filename="../../gui/print_hub.py" line="108"/>
        <source>cannot queue: {error}</source>
        <translation>无法加入打印队列：{error}</translation>
    </message>
    <message>
        <location filename="../../gui/print_hub.py" line="156"/>
        <source>none</source>
        <translation>未设置</translation>
    </message>
    <message>
        <location filename="../../gui/print_hub.py" line="159"/>
        <source>%n receipt(s) waiting</source>
        <translation>%n 张小票待打印</translation>
    </message>
    <message>
        <location filename="../../gui/print_hub.py" line="160"/>
        <source>%n label(s) waiting</source>
        <translation>%n 张标签待打印</translation>
    </message>
    <message>
        <location filename="../../gui/print_hub.py" line="163"/>
        <source>printing…</source>
        <translation>打印中…</translation>
    </message>
    <message>
        <location filename="../../gui/print_hub.py" line="164"/>
        <source>ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <location filename="../../gui/print_hub.py" line="184"/>
        <source>status unknown</source>
        <translation>状态未知</translation>
    </message>
    <message>
        <location filename="../../gui/print_hub.py" line="184"/>
        <source>online</source>
        <translation>在线</translation>
    </message>
    <message>
        <location filename="../../gui/print_hub.py" line="185"/>
        <source>offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <location filename="../../gui/print_hub.py" line="186"/>
        <source>paper ok</source>
        <translation>纸张正常</translation>
    </message>
    <message>
        <location filename="../../gui/print_hub.py" line="186"/>
        <source>paper low</source>
        <translation>纸张将尽</translation>
    </message>
    <message>
        <location filename="../../gui/print_hub.py" line="187"/>
        <source>paper not reported</source>
        <translation>未报告纸张状态</translation>
    </message>
</context>
<context>
    <name>ProductDialog</name>
    <message>
        <location filename="../../gui/catalog/page.py" line="92"/>
        <source>New product</source>
        <translation>新建商品</translation>
    </message>
    <message>
        <location filename="../../gui/catalog/page.py" line="92"/>
        <source>Edit product</source>
        <translation>编辑商品</translation>
    </message>
    <message>
        <location filename="../../gui/catalog/page.py" line="110"/>
        <source>Quick key on the till (items without a barcode)</source>
        <translation>收银台快捷键（无条码商品）</translation>
    </message>
    <message>
        <location filename="../../gui/catalog/page.py" line="115"/>
        <source>For sale</source>
        <translation>在售</translation>
    </message>
    <message>
        <location filename="../../gui/catalog/page.py" line="119"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../gui/catalog/page.py" line="121"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../gui/catalog/page.py" line="124"/>
        <source>Code</source>
        <translation>条码</translation>
    </message>
    <message>
        <location filename="../../gui/catalog/page.py" line="125"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../gui/catalog/page.py" line="126"/>
        <source>English name</source>
        <translation>英文名</translation>
    </message>
    <message>
        <location filename="../../gui/catalog/page.py" line="127"/>
        <source>Price</source>
        <translation>价格</translation>
    </message>
    <message>
        <location filename="../../gui/catalog/page.py" line="128"/>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../../gui/catalog/page.py" line="129"/>
        <source>Category</source>
        <translation>品类</translation>
    </message>
    <message>
        <location filename="../../gui/catalog/page.py" line="131"/>
        <source>Quick key order</source>
        <translation>快捷键顺序</translation>
    </message>
</context>
<context>
    <name>ProductTableModel</name>
    <message>
        <location filename="../../gui/catalog/page.py" line="71"/>
        <source>Code</source>
        <translation>条码</translation>
    </message>
    <message>
        <location filename="../../gui/catalog/page.py" line="71"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../gui/catalog/page.py" line="71"/>
        <source>Price</source>
        <translation>价格</translation>
    </message>
    <message>
        <location filename="../../gui/catalog/page.py" line="71"/>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../../gui/catalog/page.py" line="71"/>
        <source>Category</source>
        <translation>品类</translation>
    </message>
    <message>
        <location filename="../../gui/catalog/page.py" line="72"/>
        <source>Quick key</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <location filename="../../gui/catalog/page.py" line="72"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../gui/catalog/page.py" line="81"/>
        <source>For sale</source>
        <translation>在售</translation>
    </message>
    <message>
        <location filename="../../gui/catalog/page.py" line="81"/>
        <source>Withdrawn</source>
        <translation>已停用</translation>
    </message>
</context>
<context>
    <name>Products</name>
    <message>
        <location filename="../../gui/catalog/page.py" line="42"/>
        <source>required</source>
        <translation>必填</translation>
    </message>
    <message>
        <location filename="../../gui/catalog/page.py" line="43"/>
        <source>longer than {maximum} characters</source>
        <translation>超过 {maximum} 个字符</translation>
    </message>
    <message>
        <location filename="../../gui/catalog/page.py" line="44"/>
        <source>“{value}” is not an 8-, 12- or 13-digit barcode with a valid check digit</source>
        <translation>“{value}”不是校验位正确的 8、12 或 13 位条码</translation>
    </message>
    <message>
        <location filename="../../gui/catalog/page.py" line="45"/>
        <source>the code {value} is already in the catalogue</source>
        <translation>条码 {value} 已在商品目录中</translation>
    </message>
    <message>
        <location filename="../../gui/catalog/page.py" line="46"/>
        <source>the code {value} is already on line {line}</source>
        <translation>条码 {value} 已在第 {line} 行出现</translation>
    </message>
    <message>
        <location filename="../../gui/catalog/page.py" line="47"/>
        <source>“{value}” is not an amount in yuan</source>
        <translation>“{value}”不是以元为单位的金额</translation>
    </message>
    <message>
        <location filename="../../gui/catalog/page.py" line="48"/>
        <source>must be from {minimum} to {maximum}</source>
        <translation>必须在 {minimum} 到 {maximum} 之间</translation>
    </message>
    <message>
        <location filename="../../gui/catalog/page.py" line="49"/>
        <source>“{value}” is not a whole number</source>
        <translation>“{value}”不是整数</translation>
    </message>
    <message>
        <location filename="../../gui/catalog/page.py" line="50"/>
        <source>“{value}” is not yes or no</source>
        <translation>“{value}”不是“是”或“否”</translation>
    </message>
    <message>
        <location filename="../../gui/catalog/page.py" line="51"/>
        <source>no category {code} (add it, or give category_name)</source>
        <translation>没有品类 {code}（请先添加，或填写 category_name）</translation>
    </message>
    <message>
        <location filename="../../gui/catalog/page.py" line="52"/>
        <source>the file is not UTF-8 text (save it as “CSV UTF-8”)</source>
        <translation>文件不是 UTF-8 文本（请另存为“CSV UTF-8”）</translation>
    </message>
    <message>
        <location filename="../../gui/catalog/page.py" line="53"/>
        <source>the header is wrong: missing {missing}, unknown {unknown}</source>
        <translation>表头有误：缺少 {missing}，未知 {unknown}</translation>
    </message>
    <message>
        <location filename="../../gui/catalog/page.py" line="63"/>
        <source>Code</source>
        <translation>条码</translation>
    </message>
    <message>
        <location filename="../../gui/catalog/page.py" line="63"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../gui/catalog/page.py" line="63"/>
        <source>English name</source>
        <translation>英文名</translation>
    </message>
    <message>
        <location filename="../../gui/catalog/page.py" line="63"/>
        <location filename="../../gui/catalog/page.py" line="64"/>
        <source>Price</source>
        <translation>价格</translation>
    </message>
    <message>
        <location filename="../../gui/catalog/page.py" line="64"/>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../../gui/catalog/page.py" line="64"/>
        <location filename="../../gui/catalog/page.py" line="65"/>
        <source>Category</source>
        <translation>品类</translation>
    </message>
    <message>
        <location filename="../../gui/catalog/page.py" line="65"/>
        <source>For sale</source>
        <translation>在售</translation>
    </message>
    <message>
        <location filename="../../gui/catalog/page.py" line="65"/>
        <source>Quick key</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <location filename="../../gui/catalog/page.py" line="66"/>
        <source>Quick key order</source>
        <translation>快捷键顺序</translation>
    </message>
    <message>
        <location filename="../../gui/catalog/page.py" line="66"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
</context>
<context>
    <name>ProductsPage</name>
    <message>
        <location filename="../../gui/catalog/page.py" line="158"/>
        <source>Name, code or pinyin initials (kl finds 可乐)</source>
        <translation>名称、条码或拼音首字母（输入 kl 找到可乐）</translation>
    </message>
    <message>
        <location filename="../../gui/catalog/page.py" line="161"/>
        <source>All categories</source>
        <translation>全部品类</translation>
    </message>
    <message>
        <location filename="../../gui/catalog/page.py" line="170"/>
        <source>New product…</source>
        <translation>新建商品…</translation>
    </message>
    <message>
        <location filename="../../gui/catalog/page.py" line="172"/>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <location filename="../../gui/catalog/page.py" line="174"/>
        <location filename="../../gui/catalog/page.py" line="248"/>
        <source>Withdraw</source>
        <translation>停用</translation>
    </message>
    <message>
        <location filename="../../gui/catalog/page.py" line="176"/>
        <source>Import CSV…</source>
        <translation>导入 CSV…</translation>
    </message>
    <message>
        <location filename="../../gui/catalog/page.py" line="178"/>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <location filename="../../gui/catalog/page.py" line="209"/>
        <source>Products</source>
        <translation>商品</translation>
    </message>
    <message>
        <location filename="../../gui/catalog/page.py" line="248"/>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <location filename="../../gui/catalog/page.py" line="276"/>
        <source>Saved {code} {name}.</source>
        <translation>已保存 {code} {name}。</translation>
    </message>
    <message>
        <location filename="../../gui/catalog/page.py" line="296"/>
        <source>{name} is back on sale.</source>
        <translation>{name} 已恢复销售。</translation>
    </message>
    <message>
        <location filename="../../gui/catalog/page.py" line="297"/>
        <source>{name} is withdrawn: the till no longer sells it.</source>
        <translation>{name} 已停用：收银台不再销售。</translation>
    </message>
    <message>
        <location filename="../../gui/catalog/page.py" line="304"/>
        <source>Import products</source>
        <translation>导入商品</translation>
    </message>
    <message>
        <location filename="../../gui/catalog/page.py" line="304"/>
        <location filename="../../gui/catalog/page.py" line="309"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <location filename="../../gui/catalog/page.py" line="308"/>
        <source>Export products</source>
        <translation>导出商品</translation>
    </message>
    <message>
        <location filename="../../gui/catalog/page.py" line="317"/>
        <source>Importing {name}…</source>
        <translation>正在导入 {name}…</translation>
    </message>
    <message>
        <location filename="../../gui/catalog/page.py" line="328"/>
        <source>Imported: {created} new, {updated} updated, {categories} new categories.</source>
        <translation>已导入：新增 {created} 个，更新 {updated} 个，新品类 {categories} 个。</translation>
    </message>
    <message>
        <location filename="../../gui/catalog/page.py" line="335"/>
        <source>Cannot read the file: {reason}</source>
        <translation>无法读取文件：{reason}</translation>
    </message>
    <message>
        <location filename="../../gui/catalog/page.py" line="346"/>
        <source>Line {line}, {column}: {problem}</source>
        <translation>第 {line} 行，{column}：{problem}</translation>
    </message>
    <message>
        <location filename="../../gui/catalog/page.py" line="358"/>
        <source>Exported the catalogue to {name}.</source>
        <translation>商品目录已导出到 {name}。</translation>
    </message>
</context>
<context>
    <name>Promotions</name>
    <message>
        <location filename="../../gui/common/promotion_texts.py" line="21"/>
        <source>add {amount} more of {scope} to reach {threshold}</source>
        <translation>{scope}再买 {amount} 即满 {threshold}</translation>
    </message>
    <message>
        <location filename="../../gui/common/promotion_texts.py" line="23"/>
        <source>add {amount} more to reach {threshold}</source>
        <translation>再买 {amount} 即满 {threshold}</translation>
    </message>
    <message>
        <location filename="../../gui/common/promotion_texts.py" line="29"/>
        <source>goes well with your basket</source>
        <translation>与您的购物搭配</translation>
    </message>
    <message>
        <location filename="../../gui/common/promotion_texts.py" line="30"/>
        <source>featured</source>
        <translation>店长推荐</translation>
    </message>
</context>
<context>
    <name>PromotionsStrip</name>
    <message>
        <location filename="../../gui/cashier/promotions_strip.py" line="29"/>
        <source>&lt;b&gt;Promoted&lt;/b&gt;</source>
        <translation>&lt;b&gt;推荐&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../gui/cashier/promotions_strip.py" line="58"/>
        <source>Add to the basket</source>
        <translation>加入购物清单</translation>
    </message>
</context>
<context>
    <name>Reasons</name>
    <message>
        <location filename="../../gui/common/i18n.py" line="203"/>
        <source>best for this basket: saves {amount}</source>
        <translation>本单最优：节省 {amount}</translation>
    </message>
    <message>
        <location filename="../../gui/common/i18n.py" line="205"/>
        <source>saves {amount}</source>
        <translation>节省 {amount}</translation>
    </message>
    <message>
        <location filename="../../gui/common/i18n.py" line="207"/>
        <source>add {amount} more to use this</source>
        <translation>再买 {amount} 即可使用</translation>
    </message>
    <message>
        <location filename="../../gui/common/i18n.py" line="209"/>
        <source>needs {needed} qualifying items, the basket has {units}</source>
        <translation>需要 {needed} 件参与商品，当前 {units} 件</translation>
    </message>
    <message>
        <location filename="../../gui/common/i18n.py" line="211"/>
        <source>nothing in the basket qualifies</source>
        <translation>购物篮中没有适用商品</translation>
    </message>
    <message>
        <location filename="../../gui/common/i18n.py" line="213"/>
        <source>expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <location filename="../../gui/common/i18n.py" line="215"/>
        <source>not valid yet</source>
        <translation>尚未生效</translation>
    </message>
    <message>
        <location filename="../../gui/common/i18n.py" line="217"/>
        <source>its items are already fully discounted</source>
        <translation>适用商品已无可优惠金额</translation>
    </message>
    <message>
        <location filename="../../gui/common/i18n.py" line="219"/>
        <source>cannot be combined with a better coupon</source>
        <translation>不能与更优的优惠券同时使用</translation>
    </message>
    <message>
        <location filename="../../gui/common/i18n.py" line="221"/>
        <source>a better combination was chosen</source>
        <translation>已选择更优的组合</translation>
    </message>
</context>
<context>
    <name>RecallPanel</name>
    <message>
        <location filename="../../gui/parcels/list_panels.py" line="221"/>
        <source>Open the door for the courier</source>
        <translation>为快递员开门</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/list_panels.py" line="228"/>
        <source>Parcels stored longer than {h} h are recalled to their courier, who delivers them to the door. The courier&apos;s answer is shown in the State column.</source>
        <translation>存放超过 {h} 小时的包裹将召回给快递员送货上门。快递员的答复显示在「状态」列。</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/list_panels.py" line="245"/>
        <source>Recall</source>
        <translation>召回</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/list_panels.py" line="253"/>
        <source>Select the parcel the courier is collecting.</source>
        <translation>请选择快递员要取走的包裹。</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/list_panels.py" line="261"/>
        <source>Open door {door} for the courier of {tracking}?</source>
        <translation>为 {tracking} 的快递员打开柜门 {door}？</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/list_panels.py" line="268"/>
        <source>Door {door} is opening: the courier takes the parcel and closes the door…</source>
        <translation>柜门 {door} 正在打开：快递员取走包裹并关门…</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/list_panels.py" line="280"/>
        <source>{tracking} was returned to the courier.</source>
        <translation>{tracking} 已退回快递员。</translation>
    </message>
</context>
<context>
    <name>ReceiptDialog</name>
    <message>
        <location filename="../../gui/cashier/checkout_dialog.py" line="318"/>
        <source>Receipt {number}</source>
        <translation>小票 {number}</translation>
    </message>
    <message>
        <location filename="../../gui/cashier/checkout_dialog.py" line="325"/>
        <source>Save PDF</source>
        <translation>保存 PDF</translation>
    </message>
    <message>
        <location filename="../../gui/cashier/checkout_dialog.py" line="327"/>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../../gui/cashier/checkout_dialog.py" line="342"/>
        <source>Save the receipt as PDF</source>
        <translation>将小票另存为 PDF</translation>
    </message>
    <message>
        <location filename="../../gui/cashier/checkout_dialog.py" line="343"/>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../gui/cashier/checkout_dialog.py" line="352"/>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <location filename="../../gui/cashier/checkout_dialog.py" line="354"/>
        <source>Saved to {path}</source>
        <translation>已保存到 {path}</translation>
    </message>
    <message>
        <location filename="../../gui/cashier/checkout_dialog.py" line="355"/>
        <source>Could not save the PDF: {error}</source>
        <translation>无法保存 PDF：{error}</translation>
    </message>
</context>
<context>
    <name>RecipientDialog</name>
    <message>
        <location filename="../../gui/parcels/history_dialog.py" line="79"/>
        <source>Choose the recipient</source>
        <translation>选择收件人</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/history_dialog.py" line="81"/>
        <source>{tracking} ({courier}) for “{name}”, {unit}, phone {phone}</source>
        <translation>{tracking}（{courier}）收件人「{name}」，{unit}，电话 {phone}</translation>
    </message>
</context>
<context>
    <name>RefundDialog</name>
    <message>
        <location filename="../../gui/orders/refund_dialog.py" line="46"/>
        <source>Order {number}</source>
        <translation>订单 {number}</translation>
    </message>
    <message>
        <location filename="../../gui/orders/refund_dialog.py" line="47"/>
        <source>{time} · {total} · {status}</source>
        <translation>{time} · {total} · {status}</translation>
    </message>
    <message>
        <location filename="../../gui/orders/refund_dialog.py" line="49"/>
        <source>paid</source>
        <translation>已付款</translation>
    </message>
    <message>
        <location filename="../../gui/orders/refund_dialog.py" line="49"/>
        <source>refunded</source>
        <translation>已退款</translation>
    </message>
    <message>
        <location filename="../../gui/orders/refund_dialog.py" line="51"/>
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <location filename="../../gui/orders/refund_dialog.py" line="51"/>
        <source>Unit price</source>
        <translation>单价</translation>
    </message>
    <message>
        <location filename="../../gui/orders/refund_dialog.py" line="51"/>
        <source>Qty</source>
        <translation>数量</translation>
    </message>
    <message>
        <location filename="../../gui/orders/refund_dialog.py" line="52"/>
        <source>Paid</source>
        <translation>实付</translation>
    </message>
    <message>
        <location filename="../../gui/orders/refund_dialog.py" line="52"/>
        <source>Refunded</source>
        <translation>已退</translation>
    </message>
    <message>
        <location filename="../../gui/orders/refund_dialog.py" line="52"/>
        <source>Refund now</source>
        <translation>本次退</translation>
    </message>
    <message>
        <location filename="../../gui/orders/refund_dialog.py" line="60"/>
        <source>Approver&apos;s PIN</source>
        <translation>批准人 PIN 码</translation>
    </message>
    <message>
        <location filename="../../gui/orders/refund_dialog.py" line="63"/>
        <source>Refund the chosen units</source>
        <translation>退所选件数</translation>
    </message>
    <message>
        <location filename="../../gui/orders/refund_dialog.py" line="65"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../gui/orders/refund_dialog.py" line="68"/>
        <source>Approved by</source>
        <translation>批准人</translation>
    </message>
    <message>
        <location filename="../../gui/orders/refund_dialog.py" line="120"/>
        <source>Choose how many units of which lines to refund.</source>
        <translation>请选择要退哪些行、各退几件。</translation>
    </message>
    <message>
        <location filename="../../gui/orders/refund_dialog.py" line="123"/>
        <source>A manager or an administrator approves a refund with their PIN.</source>
        <translation>退款需店长或管理员输入 PIN 码批准。</translation>
    </message>
    <message>
        <location filename="../../gui/orders/refund_dialog.py" line="132"/>
        <source>Refunded {amount}.</source>
        <translation>已退款 {amount}。</translation>
    </message>
    <message>
        <location filename="../../gui/orders/refund_dialog.py" line="134"/>
        <source>The whole order is now refunded; {n} coupons went back to the member.</source>
        <translation>整笔订单已全部退款；{n} 张优惠券已退回会员。</translation>
    </message>
</context>
<context>
    <name>ReportPanel</name>
    <message>
        <location filename="../../gui/parcels/report_panel.py" line="64"/>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/report_panel.py" line="75"/>
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/report_panel.py" line="98"/>
        <source>Stored {stored} · picked up {picked} · overdue {overdue} · recalled {recalled}</source>
        <translation>入柜 {stored} · 取件 {picked} · 逾期 {overdue} · 召回 {recalled}</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/report_panel.py" line="102"/>
        <source>Export the daily report</source>
        <translation>导出日报</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/report_panel.py" line="103"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/report_panel.py" line="115"/>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/report_panel.py" line="125"/>
        <source>Saved {path}</source>
        <translation>已保存 {path}</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/report_panel.py" line="131"/>
        <source>The file could not be written: {error}</source>
        <translation>无法写入文件：{error}</translation>
    </message>
</context>
<context>
    <name>ReportTableModel</name>
    <message>
        <location filename="../../gui/parcels/report_panel.py" line="40"/>
        <source>Tracking no.</source>
        <translation>运单号</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/report_panel.py" line="40"/>
        <source>Courier</source>
        <translation>快递公司</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/report_panel.py" line="40"/>
        <source>Unit</source>
        <translation>房号</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/report_panel.py" line="40"/>
        <source>Recipient</source>
        <translation>收件人</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/report_panel.py" line="41"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/report_panel.py" line="41"/>
        <source>Locker</source>
        <translation>格口</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/report_panel.py" line="41"/>
        <source>Stored</source>
        <translation>入柜时间</translation>
    </message>
    <message>
        <location filename="../../gui/parcels/report_panel.py" line="41"/>
        <source>That day</source>
        <translation>当日</translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <location filename="../../gui/reports/page.py" line="78"/>
        <source>Show</source>
        <translation>查询</translation>
    </message>
    <message>
        <location filename="../../gui/reports/page.py" line="80"/>
        <source>Export PDF…</source>
        <translation>导出 PDF…</translation>
    </message>
    <message>
        <location filename="../../gui/reports/page.py" line="82"/>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <location filename="../../gui/reports/page.py" line="87"/>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <location filename="../../gui/reports/page.py" line="89"/>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <location filename="../../gui/reports/page.py" line="118"/>
        <source>Reports</source>
        <translation>报表</translation>
    </message>
    <message>
        <location filename="../../gui/reports/page.py" line="134"/>
        <source>Counting…</source>
        <translation>统计中…</translation>
    </message>
    <message>
        <location filename="../../gui/reports/page.py" line="184"/>
        <source>No sales, coupons, parcels or face pickups</source>
        <translation>没有销售、优惠券、包裹或刷脸取件记录</translation>
    </message>
    <message>
        <location filename="../../gui/reports/page.py" line="185"/>
        <source>No parcels or face pickups</source>
        <translation>没有包裹或刷脸取件记录</translation>
    </message>
    <message>
        <location filename="../../gui/reports/page.py" line="186"/>
        <source>{what} between {start} and {end}. Choose another range above; days are counted in the desk&apos;s time zone ({zone}).</source>
        <translation>{start} 至 {end} 之间{what}。请在上方选择其他范围；日期按本前台所在时区（{zone}）计算。</translation>
    </message>
    <message>
        <location filename="../../gui/reports/page.py" line="195"/>
        <source>Sales by day (¥)</source>
        <translation>每日销售额（¥）</translation>
    </message>
    <message>
        <location filename="../../gui/reports/page.py" line="196"/>
        <source>Orders by hour</source>
        <translation>各时段订单数</translation>
    </message>
    <message>
        <location filename="../../gui/reports/page.py" line="197"/>
        <source>Payment methods (¥)</source>
        <translation>支付方式（¥）</translation>
    </message>
    <message>
        <location filename="../../gui/reports/page.py" line="199"/>
        <source>Money saved by coupons (¥)</source>
        <translation>优惠券节省金额（¥）</translation>
    </message>
    <message>
        <location filename="../../gui/reports/page.py" line="200"/>
        <source>Promoted products sold while promoted (lines)</source>
        <translation>促销期间售出的促销商品（行数）</translation>
    </message>
    <message>
        <location filename="../../gui/reports/page.py" line="206"/>
        <source>Parcels stored by day</source>
        <translation>每日入柜包裹</translation>
    </message>
    <message>
        <location filename="../../gui/reports/page.py" line="207"/>
        <source>Pickups by hour at the lockers</source>
        <translation>快递柜各时段取件数</translation>
    </message>
    <message>
        <location filename="../../gui/reports/page.py" line="209"/>
        <source>Face pickup decisions</source>
        <translation>刷脸取件判定</translation>
    </message>
    <message>
        <location filename="../../gui/reports/page.py" line="224"/>
        <source>{orders} orders, {sales}; {refunds} refunds ({refunded}); coupons: {claimed} claimed, {used} used, {saved} saved.</source>
        <translation>{orders} 笔订单，{sales}；{refunds} 笔退款（{refunded}）；优惠券：领取 {claimed} 张，使用 {used} 张，节省 {saved}。</translation>
    </message>
    <message>
        <location filename="../../gui/reports/page.py" line="230"/>
        <source>median {h} h</source>
        <translation>中位数 {h} 小时</translation>
    </message>
    <message>
        <location filename="../../gui/reports/page.py" line="231"/>
        <source>no pickups</source>
        <translation>无取件</translation>
    </message>
    <message>
        <location filename="../../gui/reports/page.py" line="232"/>
        <source>Parcels: {stored} stored, {picked} picked up, {overdue} overdue, {recalled} recalled; time in the locker {dwell}. Face pickups: {accepted} accepted, {code} sent to the pickup code.</source>
        <translation>包裹：入柜 {stored} 件，取走 {picked} 件，逾期 {overdue} 件，召回 {recalled} 件；在柜时长 {dwell}。刷脸取件：通过 {accepted} 次，转取件码 {code} 次。</translation>
    </message>
    <message>
        <location filename="../../gui/reports/page.py" line="240"/>
        <source>cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <location filename="../../gui/reports/page.py" line="240"/>
        <source>card</source>
        <translation>银行卡</translation>
    </message>
    <message>
        <location filename="../../gui/reports/page.py" line="240"/>
        <source>QR</source>
        <translation>扫码</translation>
    </message>
    <message>
        <location filename="../../gui/reports/page.py" line="243"/>
        <source>accepted</source>
        <translation>通过</translation>
    </message>
    <message>
        <location filename="../../gui/reports/page.py" line="243"/>
        <source>not recognised</source>
        <translation>未识别</translation>
    </message>
    <message>
        <location filename="../../gui/reports/page.py" line="244"/>
        <source>ambiguous</source>
        <translation>无法区分</translation>
    </message>
    <message>
        <location filename="../../gui/reports/page.py" line="244"/>
        <source>timed out</source>
        <translation>超时</translation>
    </message>
    <message>
        <location filename="../../gui/reports/page.py" line="245"/>
        <source>no blink</source>
        <translation>未眨眼</translation>
    </message>
    <message>
        <location filename="../../gui/reports/page.py" line="245"/>
        <source>released</source>
        <translation>已开柜</translation>
    </message>
    <message>
        <location filename="../../gui/reports/page.py" line="250"/>
        <source>Export CSV</source>
        <translation>导出 CSV</translation>
    </message>
    <message>
        <location filename="../../gui/reports/page.py" line="255"/>
        <source>Export PDF</source>
        <translation>导出 PDF</translation>
    </message>
    <message>
        <location filename="../../gui/reports/page.py" line="290"/>
        <source>CounterDesk report {start} – {end}</source>
        <translation>CounterDesk 报表 {start} – {end}</translation>
    </message>
    <message>
        <location filename="../../gui/reports/page.py" line="308"/>
        <source>Saved {path}</source>
        <translation>已保存 {path}</translation>
    </message>
    <message>
        <location filename="../../gui/reports/page.py" line="312"/>
        <source>Could not save {path}: {error}</source>
        <translation>无法保存 {path}：{error}</translation>
    </message>
</context>
<context>
    <name>ResidentAdmin</name>
    <message>
        <location filename="../../gui/residents/admin.py" line="35"/>
        <source>Building</source>
        <translation>楼栋</translation>
    </message>
    <message>
        <location filename="../../gui/residents/admin.py" line="36"/>
        <source>Unit</source>
        <translation>房号</translation>
    </message>
    <message>
        <location filename="../../gui/residents/admin.py" line="37"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../gui/residents/admin.py" line="38"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../gui/residents/admin.py" line="39"/>
        <source>Notifications</source>
        <translation>通知</translation>
    </message>
    <message>
        <location filename="../../gui/residents/admin.py" line="40"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../gui/residents/admin.py" line="42"/>
        <source>required</source>
        <translation>必填</translation>
    </message>
    <message>
        <location filename="../../gui/residents/admin.py" line="43"/>
        <source>longer than {maximum}</source>
        <translation>超过 {maximum} 个字符</translation>
    </message>
    <message>
        <location filename="../../gui/residents/admin.py" line="44"/>
        <source>not an 11-digit mobile number</source>
        <translation>不是 11 位手机号码</translation>
    </message>
    <message>
        <location filename="../../gui/residents/admin.py" line="45"/>
        <source>“{value}” is not a unit number like 1203</source>
        <translation>“{value}”不是 1203 这样的房号</translation>
    </message>
    <message>
        <location filename="../../gui/residents/admin.py" line="46"/>
        <source>no building {code}</source>
        <translation>没有楼栋 {code}</translation>
    </message>
    <message>
        <location filename="../../gui/residents/admin.py" line="47"/>
        <source>floor {floor}, but the building has {floors}</source>
        <translation>第 {floor} 层，但该楼只有 {floors} 层</translation>
    </message>
    <message>
        <location filename="../../gui/residents/admin.py" line="48"/>
        <source>this resident is already listed (line {line}; 0 = already in the directory)</source>
        <translation>该住户已列出（第 {line} 行；0 表示已在住户名录中）</translation>
    </message>
    <message>
        <location filename="../../gui/residents/admin.py" line="49"/>
        <source>“{value}” is not yes or no</source>
        <translation>“{value}”不是“是”或“否”</translation>
    </message>
    <message>
        <location filename="../../gui/residents/admin.py" line="50"/>
        <source>the file is not UTF-8 text (save it as “CSV UTF-8”)</source>
        <translation>文件不是 UTF-8 文本（请另存为“CSV UTF-8”）</translation>
    </message>
    <message>
        <location filename="../../gui/residents/admin.py" line="51"/>
        <source>the header is wrong: missing {missing}, unknown {unknown}</source>
        <translation>表头有误：缺少 {missing}，未知 {unknown}</translation>
    </message>
</context>
<context>
    <name>ResidentAdminTools</name>
    <message>
        <location filename="../../gui/residents/admin.py" line="103"/>
        <source>New resident…</source>
        <translation>新建住户…</translation>
    </message>
    <message>
        <location filename="../../gui/residents/admin.py" line="105"/>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <location filename="../../gui/residents/admin.py" line="107"/>
        <source>Import CSV…</source>
        <translation>导入 CSV…</translation>
    </message>
    <message>
        <location filename="../../gui/residents/admin.py" line="128"/>
        <source>Choose a resident first.</source>
        <translation>请先选择一位住户。</translation>
    </message>
    <message>
        <location filename="../../gui/residents/admin.py" line="150"/>
        <source>Saved {name}, {unit}.</source>
        <translation>已保存 {name}，{unit}。</translation>
    </message>
    <message>
        <location filename="../../gui/residents/admin.py" line="165"/>
        <source>Import residents</source>
        <translation>导入住户</translation>
    </message>
    <message>
        <location filename="../../gui/residents/admin.py" line="165"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <location filename="../../gui/residents/admin.py" line="183"/>
        <source>Imported {n} residents.</source>
        <translation>已导入 {n} 位住户。</translation>
    </message>
    <message>
        <location filename="../../gui/residents/admin.py" line="189"/>
        <source>Cannot read the file: {reason}</source>
        <translation>无法读取文件：{reason}</translation>
    </message>
    <message>
        <location filename="../../gui/residents/admin.py" line="199"/>
        <source>Line {line}: {problem}</source>
        <translation>第 {line} 行：{problem}</translation>
    </message>
</context>
<context>
    <name>ResidentEditDialog</name>
    <message>
        <location filename="../../gui/residents/admin.py" line="65"/>
        <source>New resident</source>
        <translation>新建住户</translation>
    </message>
    <message>
        <location filename="../../gui/residents/admin.py" line="65"/>
        <source>Edit resident</source>
        <translation>编辑住户</translation>
    </message>
    <message>
        <location filename="../../gui/residents/admin.py" line="72"/>
        <source>Agrees to pickup notifications</source>
        <translation>同意接收取件通知</translation>
    </message>
    <message>
        <location filename="../../gui/residents/admin.py" line="76"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../gui/residents/admin.py" line="78"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../gui/residents/admin.py" line="81"/>
        <source>Building</source>
        <translation>楼栋</translation>
    </message>
    <message>
        <location filename="../../gui/residents/admin.py" line="82"/>
        <source>Unit</source>
        <translation>房号</translation>
    </message>
    <message>
        <location filename="../../gui/residents/admin.py" line="83"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../gui/residents/admin.py" line="84"/>
        <source>Mobile phone</source>
        <translation>手机号码</translation>
    </message>
</context>
<context>
    <name>ResidentPicker</name>
    <message>
        <location filename="../../gui/residents/picker.py" line="34"/>
        <source>Unit (6-1303), name, or the last 4 digits of a phone</source>
        <translation>房号（6-1303）、姓名或手机后 4 位</translation>
    </message>
    <message>
        <location filename="../../gui/residents/picker.py" line="75"/>
        <location filename="../../gui/residents/picker.py" line="95"/>
        <source>Type to find the recipient.</source>
        <translation>输入以查找收件人。</translation>
    </message>
    <message>
        <location filename="../../gui/residents/picker.py" line="77"/>
        <source>No resident matches “{text}”.</source>
        <translation>没有与「{text}」匹配的住户。</translation>
    </message>
    <message>
        <location filename="../../gui/residents/picker.py" line="79"/>
        <source>{n} residents match; select one.</source>
        <translation>{n} 位住户匹配；请选择一位。</translation>
    </message>
    <message>
        <location filename="../../gui/residents/picker.py" line="86"/>
        <source>Chosen: {name}, {unit}</source>
        <translation>已选：{name}，{unit}</translation>
    </message>
</context>
<context>
    <name>ResidentTableModel</name>
    <message>
        <location filename="../../gui/residents/table.py" line="20"/>
        <source>Unit</source>
        <translation>房号</translation>
    </message>
    <message>
        <location filename="../../gui/residents/table.py" line="20"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../gui/residents/table.py" line="20"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../gui/residents/table.py" line="20"/>
        <source>Notifications</source>
        <translation>通知</translation>
    </message>
    <message>
        <location filename="../../gui/residents/table.py" line="30"/>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../gui/residents/table.py" line="30"/>
        <source>no</source>
        <translation>否</translation>
    </message>
</context>
<context>
    <name>ResidentsPage</name>
    <message>
        <location filename="../../gui/residents/page.py" line="46"/>
        <source>Unit (6-1303), name, or the last 4 digits of a phone</source>
        <translation>房号（6-1303）、姓名或手机尾号 4 位</translation>
    </message>
    <message>
        <location filename="../../gui/residents/page.py" line="57"/>
        <source>Parcels…</source>
        <translation>包裹…</translation>
    </message>
    <message>
        <location filename="../../gui/residents/page.py" line="59"/>
        <source>The selected resident&apos;s parcels, with every state change</source>
        <translation>所选住户的包裹及每次状态变化</translation>
    </message>
    <message>
        <location filename="../../gui/residents/page.py" line="63"/>
        <source>Face…</source>
        <translation>人脸…</translation>
    </message>
    <message>
        <location filename="../../gui/residents/page.py" line="65"/>
        <source>Consent and face enrolment for the pickup check, or delete face data</source>
        <translation>刷脸取件的同意与人脸录入，或删除人脸数据</translation>
    </message>
    <message>
        <location filename="../../gui/residents/page.py" line="96"/>
        <source>Residents</source>
        <translation>住户</translation>
    </message>
    <message>
        <location filename="../../gui/residents/page.py" line="134"/>
        <source>No resident matches “{text}”.</source>
        <translation>没有与“{text}”匹配的住户。</translation>
    </message>
    <message>
        <location filename="../../gui/residents/page.py" line="136"/>
        <source>{n} residents match “{text}”.</source>
        <translation>{n} 位住户与“{text}”匹配。</translation>
    </message>
    <message>
        <location filename="../../gui/residents/page.py" line="138"/>
        <source>{n} residents.</source>
        <translation>共 {n} 位住户。</translation>
    </message>
</context>
<context>
    <name>Roles</name>
    <message>
        <location filename="../../gui/login_dialog.py" line="33"/>
        <source>Cashier</source>
        <translation>收银</translation>
    </message>
    <message>
        <location filename="../../gui/login_dialog.py" line="34"/>
        <source>Property desk</source>
        <translation>物业前台</translation>
    </message>
    <message>
        <location filename="../../gui/login_dialog.py" line="35"/>
        <source>Manager</source>
        <translation>店长</translation>
    </message>
    <message>
        <location filename="../../gui/login_dialog.py" line="36"/>
        <source>Administrator</source>
        <translation>管理员</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../gui/settings_dialog.py" line="42"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="48"/>
        <source>General</source>
        <translation>常规</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="49"/>
        <source>Scanner</source>
        <translation>扫码枪</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="50"/>
        <location filename="../../gui/settings_dialog.py" line="332"/>
        <source>Camera</source>
        <translation>摄像头</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="51"/>
        <source>Lock board</source>
        <translation>锁控板</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="52"/>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="53"/>
        <source>Parcels</source>
        <translation>包裹</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="54"/>
        <source>Faces</source>
        <translation>人脸</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="55"/>
        <source>Printer</source>
        <translation>打印机</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="75"/>
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="80"/>
        <source>empty: the SQLite file in the user data folder</source>
        <translation>留空：使用用户数据目录中的 SQLite 文件</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="82"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="83"/>
        <source>Database URL</source>
        <translation>数据库地址</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="84"/>
        <source>e.g. postgresql://user@host/counterdesk. Language and database changes take effect after a restart.</source>
        <translation>例如 postgresql://user@host/counterdesk。语言和数据库的更改在重新启动后生效。</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="88"/>
        <source>Store code</source>
        <translation>门店编号</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="102"/>
        <source>Recognise USB scanners that type like a keyboard</source>
        <translation>识别模拟键盘输入的 USB 扫码枪</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="112"/>
        <source>empty: no serial scanner (e.g. /dev/ttyUSB0, COM3)</source>
        <translation>留空：不使用串口扫码枪（如 /dev/ttyUSB0、COM3）</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="122"/>
        <source>Longest gap between keys</source>
        <translation>按键最大间隔</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="123"/>
        <source>Shortest code</source>
        <translation>最短条码长度</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="124"/>
        <source>Serial scanner port</source>
        <translation>串口扫码枪端口</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="125"/>
        <location filename="../../gui/settings_dialog.py" line="214"/>
        <source>Baud rate</source>
        <translation>波特率</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="126"/>
        <source>Code ends with</source>
        <translation>条码结束符</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="144"/>
        <source>Demo: the demo products on a virtual camera</source>
        <translation>演示：虚拟摄像头播放演示商品</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="145"/>
        <location filename="../../gui/settings_dialog.py" line="169"/>
        <location filename="../../gui/settings_dialog.py" line="306"/>
        <location filename="../../gui/settings_dialog.py" line="333"/>
        <source>Webcam</source>
        <translation>网络摄像头</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="146"/>
        <location filename="../../gui/settings_dialog.py" line="307"/>
        <source>Video file or image folder</source>
        <translation>视频文件或图片文件夹</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="149"/>
        <source>0 for the first webcam, or a device path</source>
        <translation>0 表示第一个摄像头，或填写设备路径</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="168"/>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="170"/>
        <source>Width</source>
        <translation>宽度</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="171"/>
        <source>Height</source>
        <translation>高度</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="172"/>
        <location filename="../../gui/settings_dialog.py" line="334"/>
        <source>Video or folder</source>
        <translation>视频或文件夹</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="173"/>
        <source>Frames per second (video/folder)</source>
        <translation>每秒帧数（视频/文件夹）</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="174"/>
        <source>Frames that must agree</source>
        <translation>需一致的连续帧数</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="175"/>
        <source>Ignore the same code again within</source>
        <translation>忽略重复条码的时间</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="195"/>
        <source>empty: use the built-in simulator</source>
        <translation>留空：使用内置模拟器</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="201"/>
        <source>board addresses on the RS-485 line, e.g. 1, 2</source>
        <translation>RS-485 总线上的锁控板地址，例如 1, 2</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="202"/>
        <source>Simulate the board when no port is set</source>
        <translation>未设置端口时模拟锁控板</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="208"/>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="209"/>
        <source>never (close on the simulator panel)</source>
        <translation>从不（在模拟器面板上关门）</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="213"/>
        <source>Serial port</source>
        <translation>串口</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="215"/>
        <source>Boards</source>
        <translation>锁控板</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="217"/>
        <source>Simulated person closes a door after</source>
        <translation>模拟的人在多久后关门</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="235"/>
        <source>Built-in server on this computer</source>
        <translation>本机内置服务器</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="236"/>
        <source>Server on the network</source>
        <translation>网络上的服务器</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="237"/>
        <source>Off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="242"/>
        <source>one-time code from the server&apos;s admin (XXXX-XXXX-XXXX-XXXX)</source>
        <translation>服务器管理员提供的一次性登记码（XXXX-XXXX-XXXX-XXXX）</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="243"/>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="244"/>
        <source>Server address</source>
        <translation>服务器地址</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="245"/>
        <source>Enrolment code</source>
        <translation>登记码</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="246"/>
        <source>Takes effect after a restart. The code is used once; the desk keeps its own token.</source>
        <translation>重新启动后生效。登记码只使用一次，之后本机保存自己的令牌。</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="278"/>
        <source>Overdue reminder after (T1)</source>
        <translation>逾期提醒时间（T1）</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="279"/>
        <source>Recall to the courier after (T2)</source>
        <translation>召回快递员时间（T2）</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="280"/>
        <source>Quiet hours from</source>
        <translation>免打扰开始</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="281"/>
        <source>Quiet hours until</source>
        <translation>免打扰结束</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="282"/>
        <source>Reminder time for new residents</source>
        <translation>新住户提醒时间</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="283"/>
        <source>Counted from storing. Residents with a pickup history are reminded at their usual time; no reminder is sent in quiet hours.</source>
        <translation>从入柜起计算。有取件记录的住户在其习惯时间提醒；免打扰时段不发送提醒。</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="305"/>
        <source>Same as the Camera tab</source>
        <translation>与「摄像头」页相同</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="322"/>
        <source>Ask for a blink before parcels are released</source>
        <translation>发放包裹前要求眨眼</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="325"/>
        <source>Staff confirm on screen</source>
        <translation>员工在屏幕上确认</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="326"/>
        <source>Resident types the pickup code</source>
        <translation>住户输入取件码</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="328"/>
        <source>Unattended: distance 0.45 or nearer and the pickup code always</source>
        <translation>无人值守：距离不超过 0.45 且始终需要取件码</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="330"/>
        <source>Remind residents seen at the desk of waiting parcels (once a day)</source>
        <translation>住户经过前台时提醒其待取包裹（每天一次）</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="335"/>
        <source>Accept at distance up to</source>
        <translation>接受的最大距离</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="336"/>
        <source>Margin over the next resident</source>
        <translation>与次近住户的差距</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="337"/>
        <source>Frames that must agree (of 5)</source>
        <translation>须一致的帧数（共 5 帧）</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="339"/>
        <source>Release also needs</source>
        <translation>发放还需要</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="363"/>
        <source>empty: no printer (receipts on screen and as PDF)</source>
        <translation>留空：不用打印机（小票在屏幕上显示并可存为 PDF）</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="365"/>
        <source>empty: no parcel labels</source>
        <translation>留空：不打印包裹标签</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="368"/>
        <location filename="../../gui/settings_dialog.py" line="372"/>
        <source>{mm} mm</source>
        <translation>{mm} 毫米</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="375"/>
        <source>lines under the shop&apos;s name: address, phone …</source>
        <translation>店名下方的行：地址、电话……</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="379"/>
        <source>Print test page</source>
        <translation>打印测试页</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="383"/>
        <source>Receipt printer</source>
        <translation>小票打印机</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="384"/>
        <source>Label printer</source>
        <translation>标签打印机</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="385"/>
        <source>e.g. usb://04b8:0202, serial:///dev/ttyUSB0?baudrate=9600, tcp://192.168.1.50:9100; add ?encoding=gbk, ascii or image for printers without GB18030.</source>
        <translation>如 usb://04b8:0202、serial:///dev/ttyUSB0?baudrate=9600、tcp://192.168.1.50:9100；不支持 GB18030 的打印机请加 ?encoding=gbk、ascii 或 image。</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="390"/>
        <source>Receipt roll</source>
        <translation>小票纸宽</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="391"/>
        <source>Label roll</source>
        <translation>标签纸宽</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="392"/>
        <source>Receipt header</source>
        <translation>小票页眉</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="393"/>
        <source>Receipt footer</source>
        <translation>小票页脚</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="411"/>
        <source>Type the receipt printer&apos;s address first.</source>
        <translation>请先输入小票打印机地址。</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="416"/>
        <source>Printing the test page on {url}…</source>
        <translation>正在 {url} 上打印测试页…</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="425"/>
        <source>Test page sent to {url}; the printer says: {status}.</source>
        <translation>测试页已发送到 {url}；打印机状态：{status}。</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="432"/>
        <source>Nothing printed on {url}: {problem}.</source>
        <translation>{url} 未打印：{problem}。</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="442"/>
        <source>Board addresses must be distinct numbers from 1 to 99, separated by commas.</source>
        <translation>锁控板地址必须是 1 到 99 之间互不相同的数字，用逗号分隔。</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="447"/>
        <source>T2 (recall) must be longer than T1 (overdue reminder).</source>
        <translation>T2（召回）必须长于 T1（逾期提醒）。</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="482"/>
        <source>Not a printer address: {url} ({problem}).</source>
        <translation>不是有效的打印机地址：{url}（{problem}）。</translation>
    </message>
</context>
<context>
    <name>ShiftBanner</name>
    <message>
        <location filename="../../gui/cashier/shift_prompt.py" line="87"/>
        <source>No shift is open at this till. Open a shift with the cash float before the first sale, so the cash count at closing adds up.</source>
        <translation>本收银台尚未开班。请在第一笔销售前用备用金开班，结班时现金才能对上账。</translation>
    </message>
    <message>
        <location filename="../../gui/cashier/shift_prompt.py" line="91"/>
        <source>Open shift…</source>
        <translation>开班…</translation>
    </message>
</context>
<context>
    <name>ShiftsPage</name>
    <message>
        <location filename="../../gui/shifts/page.py" line="60"/>
        <source>Open shift…</source>
        <translation>开班…</translation>
    </message>
    <message>
        <location filename="../../gui/shifts/page.py" line="62"/>
        <source>X report</source>
        <translation>X 报表</translation>
    </message>
    <message>
        <location filename="../../gui/shifts/page.py" line="63"/>
        <source>Sales and cash so far; the shift stays open</source>
        <translation>截至目前的销售和现金；班次继续营业</translation>
    </message>
    <message>
        <location filename="../../gui/shifts/page.py" line="68"/>
        <source>reason, e.g. change from the bank, cash to the safe</source>
        <translation>原因，如银行换零钱、现金存入保险柜</translation>
    </message>
    <message>
        <location filename="../../gui/shifts/page.py" line="69"/>
        <source>Cash in</source>
        <translation>存入现金</translation>
    </message>
    <message>
        <location filename="../../gui/shifts/page.py" line="71"/>
        <source>Cash out</source>
        <translation>取出现金</translation>
    </message>
    <message>
        <location filename="../../gui/shifts/page.py" line="73"/>
        <source>Cash in and out</source>
        <translation>存取现金</translation>
    </message>
    <message>
        <location filename="../../gui/shifts/page.py" line="75"/>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../gui/shifts/page.py" line="76"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../gui/shifts/page.py" line="83"/>
        <source>the cash counted in the drawer</source>
        <translation>钱箱中清点的现金</translation>
    </message>
    <message>
        <location filename="../../gui/shifts/page.py" line="84"/>
        <source>Close shift (Z report)</source>
        <translation>结班（Z 报表）</translation>
    </message>
    <message>
        <location filename="../../gui/shifts/page.py" line="86"/>
        <source>Close the shift</source>
        <translation>结班</translation>
    </message>
    <message>
        <location filename="../../gui/shifts/page.py" line="88"/>
        <source>Counted cash</source>
        <translation>清点现金</translation>
    </message>
    <message>
        <location filename="../../gui/shifts/page.py" line="97"/>
        <source>Print again</source>
        <translation>再次打印</translation>
    </message>
    <message>
        <location filename="../../gui/shifts/page.py" line="111"/>
        <source>Reports of this shift</source>
        <translation>本班次的报表</translation>
    </message>
    <message>
        <location filename="../../gui/shifts/page.py" line="121"/>
        <source>Shifts</source>
        <translation>班次</translation>
    </message>
    <message>
        <location filename="../../gui/shifts/page.py" line="139"/>
        <source>No shift is open in store {store}.</source>
        <translation>门店 {store} 当前没有营业中的班次。</translation>
    </message>
    <message>
        <location filename="../../gui/shifts/page.py" line="141"/>
        <source>Shift {id} open since {time} by {name}; opening float {float}.</source>
        <translation>班次 {id} 由 {name} 于 {time} 开班；开班备用金 {float}。</translation>
    </message>
    <message>
        <location filename="../../gui/shifts/page.py" line="150"/>
        <source>{kind} report {n} · {time}</source>
        <translation>{kind} 报表 {n} · {time}</translation>
    </message>
    <message>
        <location filename="../../gui/shifts/page.py" line="172"/>
        <source>Shift {id} opened with {float}.</source>
        <translation>班次 {id} 已开班，备用金 {float}。</translation>
    </message>
    <message>
        <location filename="../../gui/shifts/page.py" line="180"/>
        <source>Type the amount of cash going in or out.</source>
        <translation>请输入存入或取出的现金金额。</translation>
    </message>
    <message>
        <location filename="../../gui/shifts/page.py" line="189"/>
        <source>{amount} put into the drawer: {reason}.</source>
        <translation>已向钱箱存入 {amount}：{reason}。</translation>
    </message>
    <message>
        <location filename="../../gui/shifts/page.py" line="190"/>
        <source>{amount} taken out of the drawer: {reason}.</source>
        <translation>已从钱箱取出 {amount}：{reason}。</translation>
    </message>
    <message>
        <location filename="../../gui/shifts/page.py" line="209"/>
        <source>Count the cash in the drawer and type the amount before closing.</source>
        <translation>结班前请清点钱箱现金并输入金额。</translation>
    </message>
    <message>
        <location filename="../../gui/shifts/page.py" line="222"/>
        <source>Shift closed: Z report {n}. Expected {expected}, counted {counted}, difference {diff}.</source>
        <translation>已结班：Z 报表 {n}。应有 {expected}，实点 {counted}，差额 {diff}。</translation>
    </message>
    <message>
        <location filename="../../gui/shifts/page.py" line="227"/>
        <source>X report {n} taken: expected cash {expected}.</source>
        <translation>已生成 X 报表 {n}：应有现金 {expected}。</translation>
    </message>
    <message>
        <location filename="../../gui/shifts/page.py" line="230"/>
        <location filename="../../gui/shifts/page.py" line="249"/>
        <source>Sent to the printer.</source>
        <translation>已发送到打印机。</translation>
    </message>
    <message>
        <location filename="../../gui/shifts/page.py" line="247"/>
        <source>No receipt printer is set: choose one in Desk → Settings → Printer.</source>
        <translation>未设置小票打印机：请在 前台 → 设置 → 打印机 中选择。</translation>
    </message>
</context>
<context>
    <name>SyncHub</name>
    <message>
        <location filename="../../gui/sync_hub.py" line="47"/>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../gui/sync_hub.py" line="49"/>
        <source>connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <location filename="../../gui/sync_hub.py" line="81"/>
        <source>{n} waiting</source>
        <translation>{n} 条待发送</translation>
    </message>
    <message>
        <location filename="../../gui/sync_hub.py" line="83"/>
        <source>up to date</source>
        <translation>已同步</translation>
    </message>
    <message>
        <location filename="../../gui/sync_hub.py" line="91"/>
        <source>error (see the log)</source>
        <translation>出错（请查看日志）</translation>
    </message>
    <message>
        <location filename="../../gui/sync_hub.py" line="94"/>
        <source>offline — retrying</source>
        <translation>离线 — 正在重试</translation>
    </message>
    <message>
        <location filename="../../gui/sync_hub.py" line="95"/>
        <source>not accepted by the server (enrol again)</source>
        <translation>服务器拒绝（请重新登记）</translation>
    </message>
    <message>
        <location filename="../../gui/sync_hub.py" line="96"/>
        <source>refused by the server (see the log)</source>
        <translation>被服务器拒收（请查看日志）</translation>
    </message>
    <message>
        <location filename="../../gui/sync_hub.py" line="97"/>
        <source>not enrolled: enter an enrolment code in Settings</source>
        <translation>未登记：请在设置中输入登记码</translation>
    </message>
</context>
<context>
    <name>TemplateTableModel</name>
    <message>
        <location filename="../../gui/coupons/page.py" line="64"/>
        <source>Code</source>
        <translation>券码</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/page.py" line="64"/>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/page.py" line="64"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/page.py" line="64"/>
        <source>Value</source>
        <translation>面额</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/page.py" line="64"/>
        <source>Applies to</source>
        <translation>适用于</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/page.py" line="65"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/page.py" line="65"/>
        <source>Claimed / stock</source>
        <translation>已领 / 库存</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/page.py" line="65"/>
        <source>Used</source>
        <translation>已用</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/page.py" line="65"/>
        <source>Valid until</source>
        <translation>有效期至</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/page.py" line="77"/>
        <source>{until}, {days} d after claim</source>
        <translation>{until}，领取后 {days} 天</translation>
    </message>
    <message>
        <location filename="../../gui/coupons/page.py" line="82"/>
        <source> (+{n})</source>
        <translation>（+{n}）</translation>
    </message>
</context>
<context>
    <name>Units</name>
    <message>
        <location filename="../../gui/common/units.py" line="17"/>
        <source>Bldg {building} · {unit}</source>
        <translation>{building}栋{unit}</translation>
    </message>
</context>
</TS>
