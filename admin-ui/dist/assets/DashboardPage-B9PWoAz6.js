import{n as e}from"./rolldown-runtime-WkwZ5CU-.js";import{f as t,g as n,h as r,n as i,o as a,p as o,r as s,s as c,u as l}from"./index-Cjx6bf32.js";import{a as u,c as d,d as f,f as p,i as m,l as h,n as g,o as _,p as v,s as y,t as b,u as x}from"./charts-mFEzkCaz.js";import{t as S}from"./palette-BsFyZMDy.js";var C=e(v(),1),w=p();function T({cohorts:e}){let{t}=o(),n=a(),r=Math.max(0,...e.map(e=>e.periods.length));return e.length===0?(0,w.jsx)(`p`,{className:`muted`,children:t(`common.empty`)}):(0,w.jsx)(`div`,{className:`heatmap-scroll`,children:(0,w.jsxs)(`table`,{className:`heatmap`,children:[(0,w.jsx)(`thead`,{children:(0,w.jsxs)(`tr`,{children:[(0,w.jsx)(`th`,{scope:`col`,children:t(`dashboard.cohort`)}),(0,w.jsx)(`th`,{scope:`col`,className:`num`,children:t(`dashboard.members`)}),Array.from({length:r},(e,n)=>(0,w.jsx)(`th`,{scope:`col`,className:`num`,children:t(`dashboard.week`,{n})},n))]})}),(0,w.jsx)(`tbody`,{children:e.map(e=>(0,w.jsxs)(`tr`,{children:[(0,w.jsx)(`th`,{scope:`row`,children:n.date(`${e.date}T00:00:00Z`)}),(0,w.jsx)(`td`,{className:`num`,children:n.number(e.members)}),e.periods.map(r=>(0,w.jsx)(`td`,{className:`num cell`,style:{background:`rgb(0 114 178 / ${Math.round(r.share*90)+5}%)`,color:r.share>.5?`#fff`:void 0},title:t(`dashboard.activeOf`,{active:n.number(r.active),members:n.number(e.members)}),children:n.number(r.share,{style:`percent`,maximumFractionDigits:0})},r.index))]},e.date))})]})})}var E=l(`
  query AdminDashboard($from: Date!, $to: Date!, $fromTime: DateTime!, $toTime: DateTime!) {
    moderationQueue(first: 1, filter: { status: OPEN }) {
      totalCount
    }
    daily: activityMetrics(from: $from, to: $to, granularity: DAY) {
      points {
        date
        dau
        wau
        mau
      }
    }
    weekly: activityMetrics(from: $from, to: $to, granularity: WEEK) {
      points {
        date
        newMembers
        newContributors
      }
    }
    retentionCohorts(from: $from, to: $to, granularity: WEEK) {
      date
      members
      periods {
        index
        share
        active
      }
    }
    funnel(from: $from, to: $to, granularity: MONTH) {
      steps {
        step
        members
        conversion
        overall
      }
    }
    communityHealth(from: $from, to: $to, granularity: WEEK) {
      points {
        date
        threads
        shareAnswered
        featuredShare
        medianSecondsToFirstAnswer
      }
    }
    rewardSummary(from: $fromTime, to: $toTime, groupBy: WEEK) {
      rule
      total
      points {
        periodStart
        points
      }
    }
  }
`);_.register(u,d,h,y,m,f,x);var D=[30,90,365];function O(e){return e.toISOString().slice(0,10)}function k(e,t=new Date){let n=new Date(Date.UTC(t.getUTCFullYear(),t.getUTCMonth(),t.getUTCDate())),r=new Date(n);r.setUTCDate(r.getUTCDate()-(e-1));let i=new Date(n);return i.setUTCDate(i.getUTCDate()+1),{from:O(r),to:O(n),fromTime:r.toISOString(),toTime:i.toISOString()}}var A={animation:!1,maintainAspectRatio:!1,interaction:{mode:`index`,intersect:!1}};function j(){let{t:e}=o(),l=a(),u=c()?.viewer,[d,f]=(0,C.useState)(365),p=k(d),m=r({queryKey:[`dashboard`,p.from,p.to],queryFn:()=>i(E,p),placeholderData:n}),h=m.data,_=l.day;return(0,w.jsxs)(`section`,{"aria-labelledby":`dashboard-heading`,children:[(0,w.jsx)(`h2`,{id:`dashboard-heading`,children:e(`dashboard.heading`)}),(0,w.jsx)(`p`,{children:e(`dashboard.welcome`,{name:u?.displayName||u?.username})}),(0,w.jsx)(`form`,{className:`filters`,onSubmit:e=>e.preventDefault(),children:(0,w.jsxs)(`label`,{children:[(0,w.jsx)(`span`,{children:e(`dashboard.range`)}),(0,w.jsx)(`select`,{name:`range`,value:d,onChange:e=>f(Number(e.target.value)),children:D.map(t=>(0,w.jsx)(`option`,{value:t,children:e(`dashboard.lastDays`,{n:t})},t))})]})}),(0,w.jsx)(s,{isPending:m.isPending,error:m.error,onRetry:()=>void m.refetch(),children:h&&(0,w.jsxs)(`div`,{className:`dashboard`,"aria-busy":m.isFetching,children:[(0,w.jsx)(`p`,{"data-testid":`open-queue`,className:`card kpi`,children:(0,w.jsx)(t,{to:`/moderation`,children:e(`dashboard.openQueue`,{n:l.number(h.moderationQueue.totalCount)})})}),(0,w.jsxs)(`figure`,{className:`card`,"data-testid":`chart-activity`,children:[(0,w.jsx)(`figcaption`,{children:e(`dashboard.activity`)}),(0,w.jsx)(`div`,{className:`chart`,children:(0,w.jsx)(g,{options:A,data:{labels:h.daily.points.map(e=>_(e.date)),datasets:[{label:e(`dashboard.dau`),data:h.daily.points.map(e=>e.dau),borderColor:S[0],backgroundColor:S[0],pointRadius:0},{label:e(`dashboard.wau`),data:h.daily.points.map(e=>e.wau),borderColor:S[1],backgroundColor:S[1],pointRadius:0},{label:e(`dashboard.mau`),data:h.daily.points.map(e=>e.mau),borderColor:S[2],backgroundColor:S[2],pointRadius:0}]}})}),h.daily.points.length>0&&(0,w.jsx)(`p`,{className:`muted`,children:e(`dashboard.latest`,{dau:l.number(h.daily.points[h.daily.points.length-1].dau,{maximumFractionDigits:0}),wau:l.number(h.daily.points[h.daily.points.length-1].wau),mau:l.number(h.daily.points[h.daily.points.length-1].mau)})})]}),(0,w.jsxs)(`figure`,{className:`card`,"data-testid":`chart-members`,children:[(0,w.jsx)(`figcaption`,{children:e(`dashboard.newMembers`)}),(0,w.jsx)(`div`,{className:`chart`,children:(0,w.jsx)(b,{options:A,data:{labels:h.weekly.points.map(e=>_(e.date)),datasets:[{label:e(`dashboard.members`),data:h.weekly.points.map(e=>e.newMembers),backgroundColor:S[0]},{label:e(`dashboard.contributors`),data:h.weekly.points.map(e=>e.newContributors),backgroundColor:S[1]}]}})})]}),(0,w.jsxs)(`figure`,{className:`card wide`,"data-testid":`chart-retention`,children:[(0,w.jsx)(`figcaption`,{children:e(`dashboard.retention`)}),(0,w.jsx)(T,{cohorts:h.retentionCohorts})]}),(0,w.jsxs)(`figure`,{className:`card`,"data-testid":`chart-funnel`,children:[(0,w.jsx)(`figcaption`,{children:e(`dashboard.funnel`)}),(0,w.jsx)(`div`,{className:`chart`,children:(0,w.jsx)(b,{options:{...A,indexAxis:`y`},data:{labels:h.funnel.steps.map(t=>e(`dashboard.steps.${t.step}`)),datasets:[{label:e(`dashboard.members`),data:h.funnel.steps.map(e=>e.members),backgroundColor:S[4]}]}})}),(0,w.jsx)(`table`,{className:`list compact`,children:(0,w.jsx)(`tbody`,{children:h.funnel.steps.map(t=>(0,w.jsxs)(`tr`,{children:[(0,w.jsx)(`th`,{scope:`row`,children:e(`dashboard.steps.${t.step}`)}),(0,w.jsx)(`td`,{className:`num`,children:l.number(t.members)}),(0,w.jsx)(`td`,{className:`num`,children:l.number(t.conversion,{style:`percent`,maximumFractionDigits:1})})]},t.step))})})]}),(0,w.jsxs)(`figure`,{className:`card`,"data-testid":`chart-health`,children:[(0,w.jsx)(`figcaption`,{children:e(`dashboard.health`)}),(0,w.jsx)(`div`,{className:`chart`,children:(0,w.jsx)(g,{options:{...A,scales:{y:{min:0,max:1}}},data:{labels:h.communityHealth.points.map(e=>_(e.date)),datasets:[{label:e(`dashboard.answered`),data:h.communityHealth.points.map(e=>e.shareAnswered),borderColor:S[2],backgroundColor:S[2]},{label:e(`dashboard.featuredShare`),data:h.communityHealth.points.map(e=>e.featuredShare),borderColor:S[3],backgroundColor:S[3]}]}})})]}),(0,w.jsxs)(`figure`,{className:`card`,"data-testid":`chart-points`,children:[(0,w.jsx)(`figcaption`,{children:e(`dashboard.points`)}),(0,w.jsx)(`div`,{className:`chart`,children:(0,w.jsx)(b,{options:{...A,scales:{x:{stacked:!0},y:{stacked:!0}}},data:{labels:(h.rewardSummary[0]?.points??[]).map(e=>_(e.periodStart)),datasets:h.rewardSummary.map((e,t)=>({label:e.rule,data:e.points.map(e=>e.points),backgroundColor:S[t%S.length]}))}})}),(0,w.jsx)(`p`,{className:`muted`,children:e(`dashboard.pointsTotal`,{n:l.number(h.rewardSummary.reduce((e,t)=>e+t.total,0))})})]})]})})]})}export{j as DashboardPage};