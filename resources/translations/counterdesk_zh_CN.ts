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
        <location filename="../../gui/pages/cashier.py" line="40"/>
        <source>Scan or type a product code, then Enter</source>
        <translation>扫描或输入商品条码，然后按回车</translation>
    </message>
    <message>
        <location filename="../../gui/pages/cashier.py" line="43"/>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <location filename="../../gui/pages/cashier.py" line="72"/>
        <source>+1  (+)</source>
        <translation>+1  (+)</translation>
    </message>
    <message>
        <location filename="../../gui/pages/cashier.py" line="74"/>
        <source>−1  (−)</source>
        <translation>−1  (−)</translation>
    </message>
    <message>
        <location filename="../../gui/pages/cashier.py" line="76"/>
        <source>Remove  (Del)</source>
        <translation>移除  (Del)</translation>
    </message>
    <message>
        <location filename="../../gui/pages/cashier.py" line="78"/>
        <source>New sale  (F9)</source>
        <translation>新交易  (F9)</translation>
    </message>
    <message>
        <location filename="../../gui/pages/cashier.py" line="111"/>
        <source>Cashier</source>
        <translation>收银</translation>
    </message>
    <message>
        <location filename="../../gui/pages/cashier.py" line="141"/>
        <source>Added {name} — {price}</source>
        <translation>已添加 {name} — {price}</translation>
    </message>
    <message>
        <location filename="../../gui/pages/cashier.py" line="189"/>
        <source>New sale</source>
        <translation>新交易</translation>
    </message>
    <message>
        <location filename="../../gui/pages/cashier.py" line="190"/>
        <source>Clear the basket ({count} items, {total})?</source>
        <translation>清空购物篮（{count} 件，{total}）？</translation>
    </message>
    <message>
        <location filename="../../gui/pages/cashier.py" line="205"/>
        <source>Total {amount}</source>
        <translation>合计 {amount}</translation>
    </message>
    <message>
        <location filename="../../gui/pages/cashier.py" line="206"/>
        <source>{count} items</source>
        <translation>{count} 件</translation>
    </message>
</context>
<context>
    <name>Crash</name>
    <message>
        <location filename="../../gui/crash.py" line="40"/>
        <source>Unexpected error</source>
        <translation>意外错误</translation>
    </message>
    <message>
        <location filename="../../gui/crash.py" line="42"/>
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
        <location filename="../../gui/status_bar.py" line="42"/>
        <source>Sync: nothing waiting</source>
        <translation>同步：无待发送</translation>
    </message>
    <message>
        <location filename="../../gui/status_bar.py" line="44"/>
        <source>Sync: {n} events waiting to send</source>
        <translation>同步：{n} 条事件待发送</translation>
    </message>
    <message>
        <location filename="../../gui/status_bar.py" line="45"/>
        <source>Events for the server wait in the outbox until a sync server is connected.</source>
        <translation>发往服务器的事件保存在发件箱中，连接同步服务器后发送。</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <location filename="../../gui/i18n.py" line="50"/>
        <source>“{code}” is not a valid product code: its check digit is wrong. Scan it again or type it carefully.</source>
        <translation>“{code}”不是有效的商品条码：校验位错误。请重新扫描或仔细输入。</translation>
    </message>
    <message>
        <location filename="../../gui/i18n.py" line="52"/>
        <source>Nothing was scanned or typed.</source>
        <translation>没有扫描或输入任何内容。</translation>
    </message>
    <message>
        <location filename="../../gui/i18n.py" line="53"/>
        <source>“{code}” is not a product code: expected 8, 12 or 13 digits.</source>
        <translation>“{code}”不是商品条码：应为 8、12 或 13 位数字。</translation>
    </message>
    <message>
        <location filename="../../gui/i18n.py" line="55"/>
        <source>No product with code {code} in the catalogue. Nothing was added.</source>
        <translation>商品目录中没有条码为 {code} 的商品，未添加任何商品。</translation>
    </message>
    <message>
        <location filename="../../gui/i18n.py" line="57"/>
        <source>{name} ({code}) is no longer sold. Nothing was added.</source>
        <translation>{name}（{code}）已停售，未添加。</translation>
    </message>
    <message>
        <location filename="../../gui/i18n.py" line="59"/>
        <source>Wrong PIN. {n} more tries before this operator is locked.</source>
        <translation>PIN 错误。再错 {n} 次该操作员将被锁定。</translation>
    </message>
    <message>
        <location filename="../../gui/i18n.py" line="61"/>
        <source>Too many wrong PINs: this operator is locked until {time}.</source>
        <translation>PIN 错误次数过多：该操作员已锁定至 {time}。</translation>
    </message>
    <message>
        <location filename="../../gui/i18n.py" line="63"/>
        <source>This operator no longer exists or is disabled.</source>
        <translation>该操作员不存在或已停用。</translation>
    </message>
    <message>
        <location filename="../../gui/i18n.py" line="65"/>
        <source>The database {url} was written by a newer version of CounterDesk (schema {revision}). Update CounterDesk or choose another database in Settings. Nothing was changed.</source>
        <translation>数据库 {url} 由更新版本的 CounterDesk 写入（结构版本 {revision}）。请升级 CounterDesk，或在设置中选择其他数据库。数据未作任何改动。</translation>
    </message>
    <message>
        <location filename="../../gui/i18n.py" line="67"/>
        <source>The database {url} is damaged or is not a CounterDesk database ({reason}). It was left untouched; restore a backup or choose another database in Settings.</source>
        <translation>数据库 {url} 已损坏或不是 CounterDesk 数据库（{reason}）。文件未被改动；请恢复备份或在设置中选择其他数据库。</translation>
    </message>
    <message>
        <location filename="../../gui/i18n.py" line="69"/>
        <source>Cannot reach the database {url} ({reason}). Check the server and the address in Settings.</source>
        <translation>无法连接数据库 {url}（{reason}）。请检查服务器及设置中的地址。</translation>
    </message>
    <message>
        <location filename="../../gui/i18n.py" line="71"/>
        <source>A quantity must be between 1 and {maximum}.</source>
        <translation>数量必须在 1 到 {maximum} 之间。</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../gui/login_dialog.py" line="37"/>
        <source>CounterDesk — log in</source>
        <translation>CounterDesk — 登录</translation>
    </message>
    <message>
        <location filename="../../gui/login_dialog.py" line="47"/>
        <source>4–8 digits</source>
        <translation>4–8 位数字</translation>
    </message>
    <message>
        <location filename="../../gui/login_dialog.py" line="54"/>
        <source>Operator</source>
        <translation>操作员</translation>
    </message>
    <message>
        <location filename="../../gui/login_dialog.py" line="55"/>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <location filename="../../gui/login_dialog.py" line="57"/>
        <source>Log in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../../gui/login_dialog.py" line="63"/>
        <source>Demo data: PIN 1111 for the cashier, 2222 for the desk, 9999 for the administrator.</source>
        <translation>演示数据：收银员 PIN 1111，前台 2222，管理员 9999。</translation>
    </message>
    <message>
        <location filename="../../gui/login_dialog.py" line="91"/>
        <source>Type your PIN.</source>
        <translation>请输入 PIN。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../gui/main_window.py" line="63"/>
        <source>CounterDesk</source>
        <translation>CounterDesk</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="70"/>
        <source>Opening the database…</source>
        <translation>正在打开数据库…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="90"/>
        <source>&amp;Desk</source>
        <translation>前台(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="91"/>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="94"/>
        <source>&amp;Log out</source>
        <translation>退出登录(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="98"/>
        <source>&amp;Quit</source>
        <translation>退出程序(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="112"/>
        <location filename="../../gui/main_window.py" line="171"/>
        <source>Log in to start.</source>
        <translation>请登录后开始。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="121"/>
        <source>Open Desk → Settings… to choose another database, then restart.</source>
        <translation>请打开 前台 → 设置… 选择其他数据库，然后重新启动。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="133"/>
        <source>Sync: database unavailable</source>
        <translation>同步：数据库不可用</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="156"/>
        <source>No workflow is available for the role {role} yet.</source>
        <translation>角色“{role}”暂无可用功能。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="227"/>
        <location filename="../../gui/main_window.py" line="234"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="227"/>
        <source>The settings could not be saved: {error}</source>
        <translation>设置无法保存：{error}</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="234"/>
        <source>Saved. Restart CounterDesk for the new database or language.</source>
        <translation>已保存。重新启动 CounterDesk 后新的数据库或语言生效。</translation>
    </message>
</context>
<context>
    <name>ResidentTableModel</name>
    <message>
        <location filename="../../gui/pages/residents.py" line="37"/>
        <source>Unit</source>
        <translation>房号</translation>
    </message>
    <message>
        <location filename="../../gui/pages/residents.py" line="37"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../gui/pages/residents.py" line="37"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../gui/pages/residents.py" line="37"/>
        <source>Notifications</source>
        <translation>通知</translation>
    </message>
    <message>
        <location filename="../../gui/pages/residents.py" line="45"/>
        <source>Bldg {building} · {unit}</source>
        <translation>{building}号楼 · {unit}</translation>
    </message>
    <message>
        <location filename="../../gui/pages/residents.py" line="48"/>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../gui/pages/residents.py" line="48"/>
        <source>no</source>
        <translation>否</translation>
    </message>
</context>
<context>
    <name>ResidentsPage</name>
    <message>
        <location filename="../../gui/pages/residents.py" line="57"/>
        <source>Unit (6-1203), name, or the last 4 digits of a phone</source>
        <translation>房号（6-1203）、姓名或手机尾号 4 位</translation>
    </message>
    <message>
        <location filename="../../gui/pages/residents.py" line="85"/>
        <source>Residents</source>
        <translation>住户</translation>
    </message>
    <message>
        <location filename="../../gui/pages/residents.py" line="104"/>
        <source>No resident matches “{text}”.</source>
        <translation>没有与“{text}”匹配的住户。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/residents.py" line="106"/>
        <source>{n} residents match “{text}”.</source>
        <translation>{n} 位住户与“{text}”匹配。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/residents.py" line="108"/>
        <source>{n} residents.</source>
        <translation>共 {n} 位住户。</translation>
    </message>
</context>
<context>
    <name>Roles</name>
    <message>
        <location filename="../../gui/login_dialog.py" line="25"/>
        <source>Cashier</source>
        <translation>收银</translation>
    </message>
    <message>
        <location filename="../../gui/login_dialog.py" line="26"/>
        <source>Property desk</source>
        <translation>物业前台</translation>
    </message>
    <message>
        <location filename="../../gui/login_dialog.py" line="27"/>
        <source>Administrator</source>
        <translation>管理员</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../gui/settings_dialog.py" line="32"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="38"/>
        <source>General</source>
        <translation>常规</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="39"/>
        <source>Scanner</source>
        <translation>扫码枪</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="59"/>
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="64"/>
        <source>empty: the SQLite file in the user data folder</source>
        <translation>留空：使用用户数据目录中的 SQLite 文件</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="66"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="67"/>
        <source>Database URL</source>
        <translation>数据库地址</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="68"/>
        <source>e.g. postgresql://user@host/counterdesk. Language and database changes take effect after a restart.</source>
        <translation>例如 postgresql://user@host/counterdesk。语言和数据库的更改在重新启动后生效。</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="72"/>
        <source>Store code</source>
        <translation>门店编号</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="86"/>
        <source>Recognise USB scanners that type like a keyboard</source>
        <translation>识别模拟键盘输入的 USB 扫码枪</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="101"/>
        <source>Longest gap between keys</source>
        <translation>按键最大间隔</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="102"/>
        <source>Shortest code</source>
        <translation>最短条码长度</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="103"/>
        <source>Ignore the same code again within</source>
        <translation>忽略重复条码的时间</translation>
    </message>
</context>
</TS>
