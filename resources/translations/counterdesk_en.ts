<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>CashierPage</name>
    <message numerus="yes">
        <location filename="../../gui/cashier/page.py" line="442"/>
        <source>Clear the basket (%n item(s), {total})?</source>
        <translation>
            <numerusform>Clear the basket (%n item, {total})?</numerusform>
            <numerusform>Clear the basket (%n items, {total})?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/cashier/page.py" line="467"/>
        <source>%n item(s)</source>
        <translation>
            <numerusform>%n item</numerusform>
            <numerusform>%n items</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CustomerDisplay</name>
    <message numerus="yes">
        <location filename="../../gui/customer_display/window.py" line="169"/>
        <source>… and %n earlier line(s)</source>
        <translation>
            <numerusform>… and %n earlier line</numerusform>
            <numerusform>… and %n earlier lines</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/customer_display/window.py" line="172"/>
        <source>%n item(s)   Total {amount}</source>
        <translation>
            <numerusform>%n item   Total {amount}</numerusform>
            <numerusform>%n items   Total {amount}</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <location filename="../../gui/main_window.py" line="168"/>
        <source>%n locker door(s) do not match the parcel records. Check them before storing or handing out parcels; nothing was changed.</source>
        <translation>
            <numerusform>%n locker door do not match the parcel records. Check them before storing or handing out parcels; nothing was changed.</numerusform>
            <numerusform>%n locker doors do not match the parcel records. Check them before storing or handing out parcels; nothing was changed.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/main_window.py" line="191"/>
        <source>The demo courier announced %n parcel(s); they appear on the Parcels page with the next sync.</source>
        <translation>
            <numerusform>The demo courier announced %n parcel; they appear on the Parcels page with the next sync.</numerusform>
            <numerusform>The demo courier announced %n parcels; they appear on the Parcels page with the next sync.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OrdersPage</name>
    <message numerus="yes">
        <location filename="../../gui/orders/page.py" line="141"/>
        <source>%n order(s), {total} paid</source>
        <translation>
            <numerusform>%n order, {total} paid</numerusform>
            <numerusform>%n orders, {total} paid</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PickupPanel</name>
    <message numerus="yes">
        <location filename="../../gui/parcels/pickup_panel.py" line="197"/>
        <source>Opening %n door(s)… The resident takes the parcels and closes the doors; Cancel stops waiting.</source>
        <translation>
            <numerusform>Opening %n door… The resident takes the parcels and closes the doors; Cancel stops waiting.</numerusform>
            <numerusform>Opening %n doors… The resident takes the parcels and closes the doors; Cancel stops waiting.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/parcels/pickup_panel.py" line="214"/>
        <source>A pickup is in progress: %n door(s) may stand open.</source>
        <translation>
            <numerusform>A pickup is in progress: %n door may stand open.</numerusform>
            <numerusform>A pickup is in progress: %n doors may stand open.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/parcels/pickup_panel.py" line="229"/>
        <source>All %n parcel(s) picked up.</source>
        <translation>
            <numerusform>All %n parcel picked up.</numerusform>
            <numerusform>All %n parcels picked up.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/parcels/pickup_panel.py" line="231"/>
        <source>Cancelled: %n parcel(s) were not marked picked up and stay waiting in their slots. Close any door left open; the resident can collect them later with the same code.</source>
        <translation>
            <numerusform>Cancelled: %n parcel were not marked picked up and stay waiting in their slots. Close any door left open; the resident can collect them later with the same code.</numerusform>
            <numerusform>Cancelled: %n parcels were not marked picked up and stay waiting in their slots. Close any door left open; the resident can collect them later with the same code.</numerusform>
        </translation>
    </message>
</context>
</TS>
