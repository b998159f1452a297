<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>BasketModel</name>
    <message>
        <location filename="../../gui/models/basket_model.py" line="32"/>
        <source>Code</source>
        <translation>条码</translation>
    </message>
    <message>
        <location filename="../../gui/models/basket_model.py" line="32"/>
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <location filename="../../gui/models/basket_model.py" line="32"/>
        <source>Price</source>
        <translation>单价</translation>
    </message>
    <message>
        <location filename="../../gui/models/basket_model.py" line="32"/>
        <source>Qty</source>
        <translation>数量</translation>
    </message>
    <message>
        <location filename="../../gui/models/basket_model.py" line="32"/>
        <source>Total</source>
        <translation>小计</translation>
    </message>
</context>
<context>
    <name>CameraView</name>
    <message>
        <location filename="../../gui/widgets/camera_view.py" line="68"/>
        <source>Camera preview</source>
        <translation>摄像头预览</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/camera_view.py" line="85"/>
        <location filename="../../gui/widgets/camera_view.py" line="88"/>
        <source>Waiting for the camera…</source>
        <translation>正在等待摄像头…</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/camera_view.py" line="87"/>
        <source>Starting the camera…</source>
        <translation>正在启动摄像头…</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/camera_view.py" line="89"/>
        <source>No camera — retrying…</source>
        <translation>未检测到摄像头 — 正在重试…</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/camera_view.py" line="90"/>
        <source>The video has ended</source>
        <translation>视频已播放完毕</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/camera_view.py" line="91"/>
        <source>Camera off</source>
        <translation>摄像头已关闭</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/camera_view.py" line="93"/>
        <source>Camera unavailable</source>
        <translation>摄像头不可用</translation>
    </message>
</context>
<context>
    <name>CashierPage</name>
    <message>
        <location filename="../../gui/pages/cashier.py" line="48"/>
        <source>Scan or type a product code, then Enter</source>
        <translation>扫描或输入商品条码，然后按回车</translation>
    </message>
    <message>
        <location filename="../../gui/pages/cashier.py" line="51"/>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <location filename="../../gui/pages/cashier.py" line="80"/>
        <source>+1  (+)</source>
        <translation>+1  (+)</translation>
    </message>
    <message>
        <location filename="../../gui/pages/cashier.py" line="82"/>
        <source>−1  (−)</source>
        <translation>−1  (−)</translation>
    </message>
    <message>
        <location filename="../../gui/pages/cashier.py" line="84"/>
        <source>Remove  (Del)</source>
        <translation>移除  (Del)</translation>
    </message>
    <message>
        <location filename="../../gui/pages/cashier.py" line="86"/>
        <source>New sale  (F9)</source>
        <translation>新交易  (F9)</translation>
    </message>
    <message>
        <location filename="../../gui/pages/cashier.py" line="88"/>
        <source>Pay  (F12)</source>
        <translation>结账  (F12)</translation>
    </message>
    <message>
        <location filename="../../gui/pages/cashier.py" line="95"/>
        <source>Camera  (F8)</source>
        <translation>摄像头  (F8)</translation>
    </message>
    <message>
        <location filename="../../gui/pages/cashier.py" line="143"/>
        <source>Cashier</source>
        <translation>收银</translation>
    </message>
    <message>
        <location filename="../../gui/pages/cashier.py" line="171"/>
        <location filename="../../gui/pages/cashier.py" line="205"/>
        <source>starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <location filename="../../gui/pages/cashier.py" line="200"/>
        <source>The camera could not start: {error}</source>
        <translation>摄像头无法启动：{error}</translation>
    </message>
    <message>
        <location filename="../../gui/pages/cashier.py" line="201"/>
        <source>unavailable</source>
        <translation>不可用</translation>
    </message>
    <message>
        <location filename="../../gui/pages/cashier.py" line="205"/>
        <source>scanning</source>
        <translation>扫描中</translation>
    </message>
    <message>
        <location filename="../../gui/pages/cashier.py" line="205"/>
        <source>lost — retrying</source>
        <translation>已断开 — 正在重试</translation>
    </message>
    <message>
        <location filename="../../gui/pages/cashier.py" line="206"/>
        <source>video ended</source>
        <translation>视频已结束</translation>
    </message>
    <message>
        <location filename="../../gui/pages/cashier.py" line="206"/>
        <location filename="../../gui/pages/cashier.py" line="219"/>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../gui/pages/cashier.py" line="247"/>
        <source>Added {name} — {price}</source>
        <translation>已添加 {name} — {price}</translation>
    </message>
    <message>
        <location filename="../../gui/pages/cashier.py" line="258"/>
        <source>The basket is empty.</source>
        <translation>购物篮是空的。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/cashier.py" line="275"/>
        <source>Paid {total}: order {number}</source>
        <translation>已收款 {total}：订单 {number}</translation>
    </message>
    <message>
        <location filename="../../gui/pages/cashier.py" line="325"/>
        <source>New sale</source>
        <translation>新交易</translation>
    </message>
    <message>
        <location filename="../../gui/pages/cashier.py" line="326"/>
        <source>Clear the basket ({count} items, {total})?</source>
        <translation>清空购物篮（{count} 件，{total}）？</translation>
    </message>
    <message>
        <location filename="../../gui/pages/cashier.py" line="342"/>
        <source>Total {amount}</source>
        <translation>合计 {amount}</translation>
    </message>
    <message>
        <location filename="../../gui/pages/cashier.py" line="343"/>
        <source>{count} items</source>
        <translation>{count} 件</translation>
    </message>
</context>
<context>
    <name>CheckoutDialog</name>
    <message>
        <location filename="../../gui/dialogs/checkout.py" line="33"/>
        <source>Checkout</source>
        <translation>结账</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/checkout.py" line="50"/>
        <source>Cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/checkout.py" line="51"/>
        <source>Card</source>
        <translation>银行卡</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/checkout.py" line="52"/>
        <source>QR payment (WeChat Pay / Alipay)</source>
        <translation>扫码支付（微信 / 支付宝）</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/checkout.py" line="60"/>
        <source>card slip or payment reference</source>
        <translation>刷卡小票号或支付流水号</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/checkout.py" line="65"/>
        <source>Pay</source>
        <translation>收款</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/checkout.py" line="68"/>
        <source>Back to the basket</source>
        <translation>返回购物篮</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/checkout.py" line="72"/>
        <source>Payment</source>
        <translation>支付方式</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/checkout.py" line="73"/>
        <source>Cash received</source>
        <translation>实收现金</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/checkout.py" line="74"/>
        <source>Reference</source>
        <translation>流水号</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/checkout.py" line="82"/>
        <source>&lt;b&gt;Member coupons&lt;/b&gt; (untick to keep one for later)</source>
        <translation>&lt;b&gt;会员优惠券&lt;/b&gt;（取消勾选可留待下次使用）</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/checkout.py" line="118"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/checkout.py" line="118"/>
        <source>no member identified</source>
        <translation>未识别会员</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/checkout.py" line="128"/>
        <source>Total {total}  (saved {discount})</source>
        <translation>合计 {total}（已优惠 {discount}）</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/checkout.py" line="155"/>
        <source>Change {amount}</source>
        <translation>找零 {amount}</translation>
    </message>
</context>
<context>
    <name>CouponPanel</name>
    <message>
        <location filename="../../gui/pages/coupon_panel.py" line="40"/>
        <source>Member card or phone, then Enter</source>
        <translation>会员卡或手机号，然后按回车</translation>
    </message>
    <message>
        <location filename="../../gui/pages/coupon_panel.py" line="42"/>
        <location filename="../../gui/pages/coupon_panel.py" line="84"/>
        <source>No member</source>
        <translation>未识别会员</translation>
    </message>
    <message>
        <location filename="../../gui/pages/coupon_panel.py" line="44"/>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <location filename="../../gui/pages/coupon_panel.py" line="51"/>
        <source>Scan a product to see its coupons. F2 claims the selected one.</source>
        <translation>扫描商品即可查看可用优惠券，按 F2 领取所选优惠券。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/coupon_panel.py" line="60"/>
        <source>&lt;b&gt;Member&lt;/b&gt;</source>
        <translation>&lt;b&gt;会员&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../gui/pages/coupon_panel.py" line="63"/>
        <source>&lt;b&gt;Coupons for this scan&lt;/b&gt;</source>
        <translation>&lt;b&gt;本次扫描的优惠券&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../gui/pages/coupon_panel.py" line="114"/>
        <source>{n} left</source>
        <translation>剩余 {n} 张</translation>
    </message>
    <message>
        <location filename="../../gui/pages/coupon_panel.py" line="116"/>
        <source>claimed ✓</source>
        <translation>已领取 ✓</translation>
    </message>
    <message>
        <location filename="../../gui/pages/coupon_panel.py" line="129"/>
        <source>Identify the member first: scan their card or type their phone.</source>
        <translation>请先识别会员：扫描会员卡或输入手机号。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/coupon_panel.py" line="142"/>
        <source>Claimed “{title}” for {member}; the member will get a notice.</source>
        <translation>已为 {member} 领取“{title}”，会员将收到通知。</translation>
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
        <location filename="../../gui/device_hub.py" line="131"/>
        <source>keyboard</source>
        <translation>键盘模式</translation>
    </message>
    <message>
        <location filename="../../gui/device_hub.py" line="133"/>
        <location filename="../../gui/device_hub.py" line="162"/>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../gui/device_hub.py" line="158"/>
        <source>connected</source>
        <translation>已连接</translation>
    </message>
    <message>
        <location filename="../../gui/device_hub.py" line="159"/>
        <source>unplugged</source>
        <translation>已拔出</translation>
    </message>
    <message>
        <location filename="../../gui/device_hub.py" line="160"/>
        <source>reconnecting…</source>
        <translation>正在重连…</translation>
    </message>
    <message>
        <location filename="../../gui/device_hub.py" line="161"/>
        <source>unreadable data</source>
        <translation>数据无法识别</translation>
    </message>
    <message>
        <location filename="../../gui/device_hub.py" line="173"/>
        <source>connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <location filename="../../gui/device_hub.py" line="188"/>
        <source>board {boards} not answering</source>
        <translation>{boards} 号锁控板无响应</translation>
    </message>
    <message>
        <location filename="../../gui/device_hub.py" line="192"/>
        <source>simulator</source>
        <translation>模拟器</translation>
    </message>
    <message>
        <location filename="../../gui/device_hub.py" line="194"/>
        <source>ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <location filename="../../gui/device_hub.py" line="201"/>
        <source>unavailable</source>
        <translation>不可用</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <location filename="../../gui/i18n.py" line="51"/>
        <source>“{code}” is not a valid product code: its check digit is wrong. Scan it again or type it carefully.</source>
        <translation>“{code}”不是有效的商品条码：校验位错误。请重新扫描或仔细输入。</translation>
    </message>
    <message>
        <location filename="../../gui/i18n.py" line="53"/>
        <source>Nothing was scanned or typed.</source>
        <translation>没有扫描或输入任何内容。</translation>
    </message>
    <message>
        <location filename="../../gui/i18n.py" line="54"/>
        <source>“{code}” is not a product code: expected 8, 12 or 13 digits.</source>
        <translation>“{code}”不是商品条码：应为 8、12 或 13 位数字。</translation>
    </message>
    <message>
        <location filename="../../gui/i18n.py" line="56"/>
        <source>No product with code {code} in the catalogue. Nothing was added.</source>
        <translation>商品目录中没有条码为 {code} 的商品，未添加任何商品。</translation>
    </message>
    <message>
        <location filename="../../gui/i18n.py" line="58"/>
        <source>{name} ({code}) is no longer sold. Nothing was added.</source>
        <translation>{name}（{code}）已停售，未添加。</translation>
    </message>
    <message>
        <location filename="../../gui/i18n.py" line="60"/>
        <source>Wrong PIN. {n} more tries before this operator is locked.</source>
        <translation>PIN 错误。再错 {n} 次该操作员将被锁定。</translation>
    </message>
    <message>
        <location filename="../../gui/i18n.py" line="62"/>
        <source>Too many wrong PINs: this operator is locked until {time}.</source>
        <translation>PIN 错误次数过多：该操作员已锁定至 {time}。</translation>
    </message>
    <message>
        <location filename="../../gui/i18n.py" line="64"/>
        <source>This operator no longer exists or is disabled.</source>
        <translation>该操作员不存在或已停用。</translation>
    </message>
    <message>
        <location filename="../../gui/i18n.py" line="66"/>
        <source>The database {url} was written by a newer version of CounterDesk (schema {revision}). Update CounterDesk or choose another database in Settings. Nothing was changed.</source>
        <translation>数据库 {url} 由更新版本的 CounterDesk 写入（结构版本 {revision}）。请升级 CounterDesk，或在设置中选择其他数据库。数据未作任何改动。</translation>
    </message>
    <message>
        <location filename="../../gui/i18n.py" line="68"/>
        <source>The database {url} is damaged or is not a CounterDesk database ({reason}). It was left untouched; restore a backup or choose another database in Settings.</source>
        <translation>数据库 {url} 已损坏或不是 CounterDesk 数据库（{reason}）。文件未被改动；请恢复备份或在设置中选择其他数据库。</translation>
    </message>
    <message>
        <location filename="../../gui/i18n.py" line="70"/>
        <source>Cannot reach the database {url} ({reason}). Check the server and the address in Settings.</source>
        <translation>无法连接数据库 {url}（{reason}）。请检查服务器及设置中的地址。</translation>
    </message>
    <message>
        <location filename="../../gui/i18n.py" line="72"/>
        <source>No member with code or phone “{text}”. Check it, or sell without a member.</source>
        <translation>没有会员卡号或手机号为“{text}”的会员。请核对，或不使用会员结账。</translation>
    </message>
    <message>
        <location filename="../../gui/i18n.py" line="74"/>
        <source>There is no coupon “{code}”.</source>
        <translation>没有优惠券“{code}”。</translation>
    </message>
    <message>
        <location filename="../../gui/i18n.py" line="76"/>
        <source>The coupon “{title}” is paused and cannot be claimed now.</source>
        <translation>优惠券“{title}”已暂停，暂不能领取。</translation>
    </message>
    <message>
        <location filename="../../gui/i18n.py" line="78"/>
        <source>The coupon “{title}” has expired.</source>
        <translation>优惠券“{title}”已过期。</translation>
    </message>
    <message>
        <location filename="../../gui/i18n.py" line="80"/>
        <source>The coupon “{title}” is not valid yet.</source>
        <translation>优惠券“{title}”尚未生效。</translation>
    </message>
    <message>
        <location filename="../../gui/i18n.py" line="82"/>
        <source>The coupon “{title}” has all been claimed.</source>
        <translation>优惠券“{title}”已被领完。</translation>
    </message>
    <message>
        <location filename="../../gui/i18n.py" line="84"/>
        <source>This member already has as many “{title}” coupons as allowed ({limit}).</source>
        <translation>该会员领取“{title}”已达上限（{limit} 张）。</translation>
    </message>
    <message>
        <location filename="../../gui/i18n.py" line="86"/>
        <source>The coupon “{title}” belongs to another store.</source>
        <translation>优惠券“{title}”属于其他门店。</translation>
    </message>
    <message>
        <location filename="../../gui/i18n.py" line="88"/>
        <source>A coupon in this sale was just used at another counter. Check the sale again.</source>
        <translation>本单中的一张优惠券刚在其他收银台使用，请重新核对本单。</translation>
    </message>
    <message>
        <location filename="../../gui/i18n.py" line="90"/>
        <source>The basket is empty.</source>
        <translation>购物篮是空的。</translation>
    </message>
    <message>
        <location filename="../../gui/i18n.py" line="92"/>
        <source>This desk&apos;s store code “{code}” is not in the database. Fix it in Settings.</source>
        <translation>本机的门店编号“{code}”不在数据库中，请在设置中修改。</translation>
    </message>
    <message>
        <location filename="../../gui/i18n.py" line="95"/>
        <source>Enter the card slip or QR payment reference.</source>
        <translation>请输入刷卡小票号或扫码支付流水号。</translation>
    </message>
    <message>
        <location filename="../../gui/i18n.py" line="96"/>
        <source>Unknown payment method “{method}”.</source>
        <translation>未知的支付方式“{method}”。</translation>
    </message>
    <message>
        <location filename="../../gui/i18n.py" line="98"/>
        <source>{tendered} is less than the total {total}.</source>
        <translation>实收 {tendered} 少于应收 {total}。</translation>
    </message>
    <message>
        <location filename="../../gui/i18n.py" line="100"/>
        <source>The total changed from {shown} to {now} (a coupon was used elsewhere or a price changed). Nothing was charged; check the sale again.</source>
        <translation>应收金额从 {shown} 变为 {now}（优惠券已在别处使用或价格有变）。未收取任何款项，请重新核对本单。</translation>
    </message>
    <message>
        <location filename="../../gui/i18n.py" line="102"/>
        <source>There is no order {number}.</source>
        <translation>没有订单 {number}。</translation>
    </message>
    <message>
        <location filename="../../gui/i18n.py" line="104"/>
        <source>Order {number} was already refunded.</source>
        <translation>订单 {number} 已退款。</translation>
    </message>
    <message>
        <location filename="../../gui/i18n.py" line="106"/>
        <source>A quantity must be between 1 and {maximum}.</source>
        <translation>数量必须在 1 到 {maximum} 之间。</translation>
    </message>
</context>
<context>
    <name>LockGridModel</name>
    <message>
        <location filename="../../gui/pages/lockers.py" line="121"/>
        <source>Door {door}: {state}</source>
        <translation>柜门 {door}：{state}</translation>
    </message>
</context>
<context>
    <name>LockersPage</name>
    <message>
        <location filename="../../gui/pages/lockers.py" line="211"/>
        <source>Reconnect</source>
        <translation>重新连接</translation>
    </message>
    <message>
        <location filename="../../gui/pages/lockers.py" line="228"/>
        <location filename="../../gui/pages/lockers.py" line="500"/>
        <source>Open door</source>
        <translation>开门</translation>
    </message>
    <message>
        <location filename="../../gui/pages/lockers.py" line="246"/>
        <source>Read-only: only an administrator can open doors.</source>
        <translation>只读：只有管理员可以开门。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/lockers.py" line="258"/>
        <source>Lockers</source>
        <translation>快递柜</translation>
    </message>
    <message>
        <location filename="../../gui/pages/lockers.py" line="262"/>
        <source>closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <location filename="../../gui/pages/lockers.py" line="263"/>
        <source>open</source>
        <translation>已打开</translation>
    </message>
    <message>
        <location filename="../../gui/pages/lockers.py" line="264"/>
        <source>opened unexpectedly</source>
        <translation>异常打开</translation>
    </message>
    <message>
        <location filename="../../gui/pages/lockers.py" line="265"/>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <location filename="../../gui/pages/lockers.py" line="270"/>
        <source>Legend:</source>
        <translation>图例：</translation>
    </message>
    <message>
        <location filename="../../gui/pages/lockers.py" line="272"/>
        <source>locked and shut</source>
        <translation>已上锁并关好</translation>
    </message>
    <message>
        <location filename="../../gui/pages/lockers.py" line="273"/>
        <source>opened by CounterDesk</source>
        <translation>由 CounterDesk 打开</translation>
    </message>
    <message>
        <location filename="../../gui/pages/lockers.py" line="274"/>
        <source>forced, or opened while the app was not running</source>
        <translation>被强行打开，或在程序未运行时被打开</translation>
    </message>
    <message>
        <location filename="../../gui/pages/lockers.py" line="275"/>
        <source>the board does not answer</source>
        <translation>锁控板无响应</translation>
    </message>
    <message>
        <location filename="../../gui/pages/lockers.py" line="341"/>
        <source>Simulator on {port}</source>
        <translation>模拟器：{port}</translation>
    </message>
    <message>
        <location filename="../../gui/pages/lockers.py" line="344"/>
        <source>Port {port}</source>
        <translation>端口 {port}</translation>
    </message>
    <message>
        <location filename="../../gui/pages/lockers.py" line="354"/>
        <source>Board {board}: waiting for the first reading…</source>
        <translation>{board} 号锁控板：等待首次读数…</translation>
    </message>
    <message>
        <location filename="../../gui/pages/lockers.py" line="364"/>
        <source>The lock board could not be opened: {error}</source>
        <translation>无法打开锁控板：{error}</translation>
    </message>
    <message>
        <location filename="../../gui/pages/lockers.py" line="369"/>
        <source>Connecting to the lock board…</source>
        <translation>正在连接锁控板…</translation>
    </message>
    <message>
        <location filename="../../gui/pages/lockers.py" line="374"/>
        <source>Board {board}: not connected</source>
        <translation>{board} 号锁控板：未连接</translation>
    </message>
    <message>
        <location filename="../../gui/pages/lockers.py" line="411"/>
        <location filename="../../gui/pages/lockers.py" line="440"/>
        <source>Board {board}: not answering ({why})</source>
        <translation>{board} 号锁控板：无响应（{why}）</translation>
    </message>
    <message>
        <location filename="../../gui/pages/lockers.py" line="418"/>
        <source>Board {board}: answering</source>
        <translation>{board} 号锁控板：正常应答</translation>
    </message>
    <message>
        <location filename="../../gui/pages/lockers.py" line="423"/>
        <source>The port {port} is unavailable. Check the cable, then press Reconnect.</source>
        <translation>端口 {port} 不可用。请检查线缆，然后点击“重新连接”。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/lockers.py" line="448"/>
        <source>port unavailable</source>
        <translation>端口不可用</translation>
    </message>
    <message>
        <location filename="../../gui/pages/lockers.py" line="450"/>
        <source>no reply</source>
        <translation>无应答</translation>
    </message>
    <message>
        <location filename="../../gui/pages/lockers.py" line="452"/>
        <source>communication error</source>
        <translation>通信错误</translation>
    </message>
    <message>
        <location filename="../../gui/pages/lockers.py" line="474"/>
        <source>Select a door (click it, or use the arrow keys).</source>
        <translation>请选择柜门（点击或使用方向键）。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/lockers.py" line="479"/>
        <source>Selected: door {door} ({state})</source>
        <translation>已选择：柜门 {door}（{state}）</translation>
    </message>
    <message>
        <location filename="../../gui/pages/lockers.py" line="488"/>
        <source>Only an administrator can open doors.</source>
        <translation>只有管理员可以开门。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/lockers.py" line="490"/>
        <source>A door is being opened…</source>
        <translation>正在开门…</translation>
    </message>
    <message>
        <location filename="../../gui/pages/lockers.py" line="492"/>
        <source>The lock board is not connected.</source>
        <translation>锁控板未连接。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/lockers.py" line="494"/>
        <source>Select a door first.</source>
        <translation>请先选择柜门。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/lockers.py" line="496"/>
        <source>Open the selected door (Enter).</source>
        <translation>打开所选柜门（回车）。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/lockers.py" line="512"/>
        <source>Open door {door}? It will spring open at once.</source>
        <translation>打开柜门 {door}？柜门会立即弹开。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/lockers.py" line="516"/>
        <source>Opening door {door}…</source>
        <translation>正在打开柜门 {door}…</translation>
    </message>
    <message>
        <location filename="../../gui/pages/lockers.py" line="532"/>
        <source>Door {door} is open</source>
        <translation>柜门 {door} 已打开</translation>
    </message>
    <message>
        <location filename="../../gui/pages/lockers.py" line="568"/>
        <source>Door {door} did not open, and door {other} opened instead: the wiring of board {board} is wrong. Close door {other} and do not use either locker until it is fixed.</source>
        <translation>柜门 {door} 未打开，反而打开了柜门 {other}：{board} 号锁控板接线错误。请关好柜门 {other}，修复前两个格口都不要使用。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/lockers.py" line="573"/>
        <source>Door {door} did not open: the lock is jammed or the door is blocked. Try once more later, then call staff.</source>
        <translation>柜门 {door} 未打开：锁卡住或柜门被挡住。请稍后再试一次，仍不行请联系工作人员。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/lockers.py" line="578"/>
        <source>Door {door} may be open: board {board} did not confirm it. Check the door before using the locker.</source>
        <translation>柜门 {door} 可能已打开：{board} 号锁控板未确认。使用该格口前请先检查柜门。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/lockers.py" line="582"/>
        <source>Door {door}: the port of the lock board is unavailable, so the door may or may not have opened. Check the door and the cable, then press Reconnect.</source>
        <translation>柜门 {door}：锁控板端口不可用，无法确定柜门是否已打开。请检查柜门和线缆，然后点击“重新连接”。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/lockers.py" line="587"/>
        <source>Door {door}: board {board} does not answer. Check its power, cable and address switch.</source>
        <translation>柜门 {door}：{board} 号锁控板无响应。请检查电源、线缆和地址拨码。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/lockers.py" line="590"/>
        <source>Door {door} was fired moments ago; wait {seconds} s and try again.</source>
        <translation>柜门 {door} 刚刚开过锁；请等待 {seconds} 秒后再试。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/lockers.py" line="595"/>
        <source>Door {door}: the door sensor gives impossible readings (wired the other way round?). Check the door and the sensor setting of board {board}.</source>
        <translation>柜门 {door}：门磁读数异常（是否接反？）。请检查柜门及 {board} 号锁控板的门磁设置。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/lockers.py" line="599"/>
        <source>Door {door} is still open.</source>
        <translation>柜门 {door} 仍未关闭。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/lockers.py" line="601"/>
        <source>a corrupted reply</source>
        <translation>应答校验错误</translation>
    </message>
    <message>
        <location filename="../../gui/pages/lockers.py" line="602"/>
        <source>an incomplete reply</source>
        <translation>应答不完整</translation>
    </message>
    <message>
        <location filename="../../gui/pages/lockers.py" line="603"/>
        <source>an unreadable reply</source>
        <translation>应答无法解析</translation>
    </message>
    <message>
        <location filename="../../gui/pages/lockers.py" line="604"/>
        <source>a reply from another board or lock</source>
        <translation>应答来自其他锁控板或锁</translation>
    </message>
    <message>
        <location filename="../../gui/pages/lockers.py" line="609"/>
        <source>Door {door}: communication error with board {board} ({what}). Check the cable and try again.</source>
        <translation>柜门 {door}：与 {board} 号锁控板通信出错（{what}）。请检查线缆后重试。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/lockers.py" line="613"/>
        <source>Door {door} could not be opened: {error}</source>
        <translation>柜门 {door} 无法打开：{error}</translation>
    </message>
    <message>
        <location filename="../../gui/pages/lockers.py" line="614"/>
        <source>Door {door}: unexpected error: {error}</source>
        <translation>柜门 {door}：意外错误：{error}</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../gui/login_dialog.py" line="45"/>
        <source>CounterDesk — log in</source>
        <translation>CounterDesk — 登录</translation>
    </message>
    <message>
        <location filename="../../gui/login_dialog.py" line="55"/>
        <source>4–8 digits</source>
        <translation>4–8 位数字</translation>
    </message>
    <message>
        <location filename="../../gui/login_dialog.py" line="62"/>
        <source>Operator</source>
        <translation>操作员</translation>
    </message>
    <message>
        <location filename="../../gui/login_dialog.py" line="63"/>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <location filename="../../gui/login_dialog.py" line="65"/>
        <source>Log in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../../gui/login_dialog.py" line="71"/>
        <source>Demo data: PIN 1111 for the cashier, 2222 for the desk, 9999 for the administrator.</source>
        <translation>演示数据：收银员 PIN 1111，前台 2222，管理员 9999。</translation>
    </message>
    <message>
        <location filename="../../gui/login_dialog.py" line="99"/>
        <source>Type your PIN.</source>
        <translation>请输入 PIN。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../gui/main_window.py" line="64"/>
        <source>CounterDesk</source>
        <translation>CounterDesk</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="71"/>
        <source>Opening the database…</source>
        <translation>正在打开数据库…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="94"/>
        <source>&amp;Desk</source>
        <translation>前台(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="95"/>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="98"/>
        <source>&amp;Log out</source>
        <translation>退出登录(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="102"/>
        <source>&amp;Quit</source>
        <translation>退出程序(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="116"/>
        <location filename="../../gui/main_window.py" line="174"/>
        <source>Log in to start.</source>
        <translation>请登录后开始。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="125"/>
        <source>Open Desk → Settings… to choose another database, then restart.</source>
        <translation>请打开 前台 → 设置… 选择其他数据库，然后重新启动。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="137"/>
        <source>Sync: database unavailable</source>
        <translation>同步：数据库不可用</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="160"/>
        <source>No workflow is available for the role {role} yet.</source>
        <translation>角色“{role}”暂无可用功能。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="217"/>
        <source>Scanner</source>
        <translation>扫码枪</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="217"/>
        <source>Serial scanner</source>
        <translation>串口扫码枪</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="218"/>
        <source>Camera</source>
        <translation>摄像头</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="218"/>
        <source>Lockers</source>
        <translation>快递柜</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="234"/>
        <location filename="../../gui/main_window.py" line="248"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="234"/>
        <source>The settings could not be saved: {error}</source>
        <translation>设置无法保存：{error}</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="248"/>
        <source>Saved. Restart CounterDesk for the new database, language or server.</source>
        <translation>已保存。重新启动 CounterDesk 后新的数据库、语言或服务器生效。</translation>
    </message>
</context>
<context>
    <name>OrderTableModel</name>
    <message>
        <location filename="../../gui/pages/orders.py" line="49"/>
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <location filename="../../gui/pages/orders.py" line="49"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../gui/pages/orders.py" line="49"/>
        <source>Items</source>
        <translation>件数</translation>
    </message>
    <message>
        <location filename="../../gui/pages/orders.py" line="49"/>
        <source>Discount</source>
        <translation>优惠</translation>
    </message>
    <message>
        <location filename="../../gui/pages/orders.py" line="49"/>
        <source>Total</source>
        <translation>小计</translation>
    </message>
    <message>
        <location filename="../../gui/pages/orders.py" line="50"/>
        <source>Payment</source>
        <translation>支付方式</translation>
    </message>
    <message>
        <location filename="../../gui/pages/orders.py" line="50"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../gui/pages/orders.py" line="58"/>
        <source>paid</source>
        <translation>已付款</translation>
    </message>
    <message>
        <location filename="../../gui/pages/orders.py" line="58"/>
        <source>refunded</source>
        <translation>已退款</translation>
    </message>
    <message>
        <location filename="../../gui/pages/orders.py" line="59"/>
        <source>cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <location filename="../../gui/pages/orders.py" line="59"/>
        <source>card</source>
        <translation>银行卡</translation>
    </message>
    <message>
        <location filename="../../gui/pages/orders.py" line="59"/>
        <source>QR</source>
        <translation>扫码</translation>
    </message>
</context>
<context>
    <name>OrdersPage</name>
    <message>
        <location filename="../../gui/pages/orders.py" line="71"/>
        <source>Order number, member card or product code</source>
        <translation>订单号、会员卡号或商品条码</translation>
    </message>
    <message>
        <location filename="../../gui/pages/orders.py" line="83"/>
        <source>Refund the selected order</source>
        <translation>为所选订单退款</translation>
    </message>
    <message>
        <location filename="../../gui/pages/orders.py" line="104"/>
        <source>Orders</source>
        <translation>订单</translation>
    </message>
    <message>
        <location filename="../../gui/pages/orders.py" line="122"/>
        <source>{n} orders, {total} paid</source>
        <translation>{n} 笔订单，实收 {total}</translation>
    </message>
    <message>
        <location filename="../../gui/pages/orders.py" line="125"/>
        <source>Refund</source>
        <translation>退款</translation>
    </message>
    <message>
        <location filename="../../gui/pages/orders.py" line="126"/>
        <source>Refund order {number} ({total})? Its coupons go back to the member.</source>
        <translation>为订单 {number}（{total}）退款？所用优惠券将退还给会员。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/orders.py" line="144"/>
        <source>Order {number} refunded; {n} coupons returned to the member.</source>
        <translation>订单 {number} 已退款；已向会员退还 {n} 张优惠券。</translation>
    </message>
</context>
<context>
    <name>Reasons</name>
    <message>
        <location filename="../../gui/i18n.py" line="113"/>
        <source>best for this basket: saves {amount}</source>
        <translation>本单最优：节省 {amount}</translation>
    </message>
    <message>
        <location filename="../../gui/i18n.py" line="115"/>
        <source>saves {amount}</source>
        <translation>节省 {amount}</translation>
    </message>
    <message>
        <location filename="../../gui/i18n.py" line="117"/>
        <source>add {amount} more to use this</source>
        <translation>再买 {amount} 即可使用</translation>
    </message>
    <message>
        <location filename="../../gui/i18n.py" line="119"/>
        <source>needs {needed} qualifying items, the basket has {units}</source>
        <translation>需要 {needed} 件参与商品，当前 {units} 件</translation>
    </message>
    <message>
        <location filename="../../gui/i18n.py" line="121"/>
        <source>nothing in the basket qualifies</source>
        <translation>购物篮中没有适用商品</translation>
    </message>
    <message>
        <location filename="../../gui/i18n.py" line="123"/>
        <source>expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <location filename="../../gui/i18n.py" line="125"/>
        <source>not valid yet</source>
        <translation>尚未生效</translation>
    </message>
    <message>
        <location filename="../../gui/i18n.py" line="127"/>
        <source>its items are already fully discounted</source>
        <translation>适用商品已无可优惠金额</translation>
    </message>
    <message>
        <location filename="../../gui/i18n.py" line="129"/>
        <source>cannot be combined with a better coupon</source>
        <translation>不能与更优的优惠券同时使用</translation>
    </message>
    <message>
        <location filename="../../gui/i18n.py" line="131"/>
        <source>a better combination was chosen</source>
        <translation>已选择更优的组合</translation>
    </message>
</context>
<context>
    <name>Receipt</name>
    <message>
        <location filename="../../gui/receipt.py" line="20"/>
        <source>Change</source>
        <translation>找零</translation>
    </message>
    <message>
        <location filename="../../gui/receipt.py" line="21"/>
        <source>Reference</source>
        <translation>流水号</translation>
    </message>
    <message>
        <location filename="../../gui/receipt.py" line="22"/>
        <source>Member</source>
        <translation>会员</translation>
    </message>
    <message>
        <location filename="../../gui/receipt.py" line="23"/>
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <location filename="../../gui/receipt.py" line="24"/>
        <source>Subtotal</source>
        <translation>小计</translation>
    </message>
    <message>
        <location filename="../../gui/receipt.py" line="25"/>
        <source>Discount</source>
        <translation>优惠</translation>
    </message>
    <message>
        <location filename="../../gui/receipt.py" line="26"/>
        <source>Total</source>
        <translation>小计</translation>
    </message>
    <message>
        <location filename="../../gui/receipt.py" line="27"/>
        <source>Thank you!</source>
        <translation>谢谢惠顾！</translation>
    </message>
    <message>
        <location filename="../../gui/receipt.py" line="44"/>
        <source>Cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <location filename="../../gui/receipt.py" line="45"/>
        <source>Card</source>
        <translation>银行卡</translation>
    </message>
    <message>
        <location filename="../../gui/receipt.py" line="46"/>
        <source>QR payment</source>
        <translation>扫码支付</translation>
    </message>
</context>
<context>
    <name>ReceiptDialog</name>
    <message>
        <location filename="../../gui/dialogs/checkout.py" line="190"/>
        <source>Receipt {number}</source>
        <translation>小票 {number}</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/checkout.py" line="197"/>
        <source>Save PDF</source>
        <translation>保存 PDF</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/checkout.py" line="199"/>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/checkout.py" line="212"/>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/checkout.py" line="214"/>
        <source>Saved to {path}</source>
        <translation>已保存到 {path}</translation>
    </message>
</context>
<context>
    <name>ResidentTableModel</name>
    <message>
        <location filename="../../gui/pages/residents.py" line="44"/>
        <source>Unit</source>
        <translation>房号</translation>
    </message>
    <message>
        <location filename="../../gui/pages/residents.py" line="44"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../gui/pages/residents.py" line="44"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../gui/pages/residents.py" line="44"/>
        <source>Notifications</source>
        <translation>通知</translation>
    </message>
    <message>
        <location filename="../../gui/pages/residents.py" line="52"/>
        <source>Bldg {building} · {unit}</source>
        <translation>{building}号楼 · {unit}</translation>
    </message>
    <message>
        <location filename="../../gui/pages/residents.py" line="55"/>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../gui/pages/residents.py" line="55"/>
        <source>no</source>
        <translation>否</translation>
    </message>
</context>
<context>
    <name>ResidentsPage</name>
    <message>
        <location filename="../../gui/pages/residents.py" line="64"/>
        <source>Unit (6-1203), name, or the last 4 digits of a phone</source>
        <translation>房号（6-1203）、姓名或手机尾号 4 位</translation>
    </message>
    <message>
        <location filename="../../gui/pages/residents.py" line="92"/>
        <source>Residents</source>
        <translation>住户</translation>
    </message>
    <message>
        <location filename="../../gui/pages/residents.py" line="111"/>
        <source>No resident matches “{text}”.</source>
        <translation>没有与“{text}”匹配的住户。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/residents.py" line="113"/>
        <source>{n} residents match “{text}”.</source>
        <translation>{n} 位住户与“{text}”匹配。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/residents.py" line="115"/>
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
        <source>Administrator</source>
        <translation>管理员</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../gui/settings_dialog.py" line="31"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="37"/>
        <source>General</source>
        <translation>常规</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="38"/>
        <source>Scanner</source>
        <translation>扫码枪</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="39"/>
        <source>Camera</source>
        <translation>摄像头</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="40"/>
        <source>Lock board</source>
        <translation>锁控板</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="41"/>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="61"/>
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="66"/>
        <source>empty: the SQLite file in the user data folder</source>
        <translation>留空：使用用户数据目录中的 SQLite 文件</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="68"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="69"/>
        <source>Database URL</source>
        <translation>数据库地址</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="70"/>
        <source>e.g. postgresql://user@host/counterdesk. Language and database changes take effect after a restart.</source>
        <translation>例如 postgresql://user@host/counterdesk。语言和数据库的更改在重新启动后生效。</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="74"/>
        <source>Store code</source>
        <translation>门店编号</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="88"/>
        <source>Recognise USB scanners that type like a keyboard</source>
        <translation>识别模拟键盘输入的 USB 扫码枪</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="98"/>
        <source>empty: no serial scanner (e.g. /dev/ttyUSB0, COM3)</source>
        <translation>留空：不使用串口扫码枪（如 /dev/ttyUSB0、COM3）</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="108"/>
        <source>Longest gap between keys</source>
        <translation>按键最大间隔</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="109"/>
        <source>Shortest code</source>
        <translation>最短条码长度</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="110"/>
        <source>Serial scanner port</source>
        <translation>串口扫码枪端口</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="111"/>
        <location filename="../../gui/settings_dialog.py" line="193"/>
        <source>Baud rate</source>
        <translation>波特率</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="112"/>
        <source>Code ends with</source>
        <translation>条码结束符</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="130"/>
        <source>Demo: the demo products on a virtual camera</source>
        <translation>演示：虚拟摄像头播放演示商品</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="131"/>
        <location filename="../../gui/settings_dialog.py" line="155"/>
        <source>Webcam</source>
        <translation>网络摄像头</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="132"/>
        <source>Video file or image folder</source>
        <translation>视频文件或图片文件夹</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="135"/>
        <source>0 for the first webcam, or a device path</source>
        <translation>0 表示第一个摄像头，或填写设备路径</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="154"/>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="156"/>
        <source>Width</source>
        <translation>宽度</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="157"/>
        <source>Height</source>
        <translation>高度</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="158"/>
        <source>Video or folder</source>
        <translation>视频或文件夹</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="159"/>
        <source>Frames per second (video/folder)</source>
        <translation>每秒帧数（视频/文件夹）</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="160"/>
        <source>Frames that must agree</source>
        <translation>需一致的连续帧数</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="161"/>
        <source>Ignore the same code again within</source>
        <translation>忽略重复条码的时间</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="181"/>
        <source>empty: use the built-in simulator</source>
        <translation>留空：使用内置模拟器</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="187"/>
        <source>board addresses on the RS-485 line, e.g. 1, 2</source>
        <translation>RS-485 总线上的锁控板地址，例如 1, 2</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="188"/>
        <source>Simulate the board when no port is set</source>
        <translation>未设置端口时模拟锁控板</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="192"/>
        <source>Serial port</source>
        <translation>串口</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="194"/>
        <source>Boards</source>
        <translation>锁控板</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="212"/>
        <source>Built-in server on this computer</source>
        <translation>本机内置服务器</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="213"/>
        <source>Server on the network</source>
        <translation>网络上的服务器</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="214"/>
        <source>Off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="219"/>
        <source>one-time code from the server&apos;s admin (XXXX-XXXX-XXXX-XXXX)</source>
        <translation>服务器管理员提供的一次性登记码（XXXX-XXXX-XXXX-XXXX）</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="220"/>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="221"/>
        <source>Server address</source>
        <translation>服务器地址</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="222"/>
        <source>Enrolment code</source>
        <translation>登记码</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="223"/>
        <source>Takes effect after a restart. The code is used once; the desk keeps its own token.</source>
        <translation>重新启动后生效。登记码只使用一次，之后本机保存自己的令牌。</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="240"/>
        <source>Board addresses must be distinct numbers from 1 to 99, separated by commas.</source>
        <translation>锁控板地址必须是 1 到 99 之间互不相同的数字，用逗号分隔。</translation>
    </message>
</context>
<context>
    <name>SyncHub</name>
    <message>
        <location filename="../../gui/sync_hub.py" line="46"/>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../gui/sync_hub.py" line="48"/>
        <source>connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <location filename="../../gui/sync_hub.py" line="80"/>
        <source>{n} waiting</source>
        <translation>{n} 条待发送</translation>
    </message>
    <message>
        <location filename="../../gui/sync_hub.py" line="82"/>
        <source>up to date</source>
        <translation>已同步</translation>
    </message>
    <message>
        <location filename="../../gui/sync_hub.py" line="90"/>
        <source>error (see the log)</source>
        <translation>出错（请查看日志）</translation>
    </message>
    <message>
        <location filename="../../gui/sync_hub.py" line="93"/>
        <source>offline — retrying</source>
        <translation>离线 — 正在重试</translation>
    </message>
    <message>
        <location filename="../../gui/sync_hub.py" line="94"/>
        <source>not accepted by the server (enrol again)</source>
        <translation>服务器拒绝（请重新登记）</translation>
    </message>
    <message>
        <location filename="../../gui/sync_hub.py" line="95"/>
        <source>refused by the server (see the log)</source>
        <translation>被服务器拒收（请查看日志）</translation>
    </message>
    <message>
        <location filename="../../gui/sync_hub.py" line="96"/>
        <source>not enrolled: enter an enrolment code in Settings</source>
        <translation>未登记：请在设置中输入登记码</translation>
    </message>
</context>
</TS>
